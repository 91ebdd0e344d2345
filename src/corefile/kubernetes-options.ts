/**
 * The options of CoreDNS's `kubernetes` plugin that decide which records it serves.
 * Produced from a Corefile by plugins/kubernetes.ts; consumed by the records model.
 * Defaults follow plugin/kubernetes/setup.go.
 */
export type PodsMode = 'disabled' | 'insecure' | 'verified';

export interface KubernetesPluginOptions {
  /** Zones the plugin is authoritative for, as FQDNs (from the directive args, else the server block keys). */
  zones: string[];
  /** `pods`: default 'disabled'. */
  podsMode: PodsMode;
  /** `ttl`: default 5 (0..3600). */
  ttl: number;
  /** `endpoint_pod_names`: default false. */
  endpointPodNames: boolean;
  /** `namespaces`: only these namespaces are served; undefined = all. */
  namespaces?: string[];
  /** `labels` selector text, if any (Services and EndpointSlices must match). */
  labels?: string;
  /** `namespace_labels` selector text, if any. */
  namespaceLabels?: string;
  /** `fallthrough [ZONES...]`: undefined = no fallthrough; [] = all zones. */
  fallthrough?: string[];
  /** `ignore empty_service`: return NXDOMAIN for Services without ready endpoints. */
  ignoreEmptyService: boolean;
  /** `noendpoints`: endpoint records are not served. */
  noEndpoints: boolean;
  /**
   * Publish endpoints that are terminating but still serving (newer CoreDNS: the EndpointSlice
   * `serving` condition instead of `ready`). Optional; absent = false.
   */
  terminatingEndpoints?: boolean;
  /** `multicluster` zones. */
  multicluster?: string[];
}

export function defaultKubernetesOptions(zones: string[]): KubernetesPluginOptions {
  return {
    zones,
    podsMode: 'disabled',
    ttl: 5,
    endpointPodNames: false,
    ignoreEmptyService: false,
    noEndpoints: false,
  };
}
