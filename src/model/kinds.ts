/**
 * The API resources kubectl-dns reads, as data: kind -> group/version/plural and scope.
 * Secrets are deliberately absent: the tool never reads them.
 */
export type Kind =
  | 'Namespace'
  | 'Node'
  | 'Pod'
  | 'Service'
  | 'EndpointSlice'
  | 'ConfigMap'
  | 'Deployment'
  | 'DaemonSet'
  | 'StatefulSet'
  | 'NetworkPolicy'
  | 'PodDisruptionBudget'
  | 'HorizontalPodAutoscaler';

export interface KindInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export const KINDS: Readonly<Record<Kind, KindInfo>> = {
  Namespace: { group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  Node: { group: '', version: 'v1', plural: 'nodes', namespaced: false },
  Pod: { group: '', version: 'v1', plural: 'pods', namespaced: true },
  Service: { group: '', version: 'v1', plural: 'services', namespaced: true },
  ConfigMap: { group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  EndpointSlice: { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  DaemonSet: { group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true },
  StatefulSet: { group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true },
  NetworkPolicy: { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', namespaced: true },
  // doctor: is the DNS workload protected from voluntary evictions, and scaled with the cluster?
  PodDisruptionBudget: { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', namespaced: true },
  HorizontalPodAutoscaler: { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', namespaced: true },
};

export const ALL_KINDS = Object.keys(KINDS) as Kind[];

export function isKind(value: string): value is Kind {
  return Object.hasOwn(KINDS, value);
}

/** `v1` or `apps/v1`: the apiVersion objects of this kind carry. */
export function apiVersionOf(kind: Kind): string {
  const k = KINDS[kind];
  return k.group === '' ? k.version : `${k.group}/${k.version}`;
}

/** `services` or `endpointslices.discovery.k8s.io`: the name kubectl and RBAC use. */
export function resourceName(kind: Kind): string {
  const k = KINDS[kind];
  return k.group === '' ? k.plural : `${k.plural}.${k.group}`;
}

/** The REST path of a list (namespace given for namespaced kinds) or of one object (name given). */
export function resourcePath(kind: Kind, namespace?: string, name?: string): string {
  const k = KINDS[kind];
  const base = k.group === '' ? `/api/${k.version}` : `/apis/${k.group}/${k.version}`;
  const ns = k.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${k.plural}${tail}`;
}
