/**
 * ClusterView: the trimmed, API-independent picture of a cluster that every command reads.
 * Built from live API objects or from a snapshot file by `trim.ts`; only DNS-relevant fields
 * are kept (as CoreDNS's plugin/kubernetes/object does), which keeps memory low and the
 * models (records, resolver, explain) free of API shapes.
 */

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface ServicePortView {
  name?: string;
  port: number;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  targetPort?: number | string;
}

export interface ServiceView {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** spec.clusterIPs (or [spec.clusterIP]); ['None'] for a headless Service; [] for ExternalName. */
  clusterIPs: string[];
  headless: boolean;
  externalName?: string;
  ports: ServicePortView[];
  publishNotReadyAddresses: boolean;
  selector?: Record<string, string>;
  ipFamilies?: ('IPv4' | 'IPv6')[];
  labels: Record<string, string>;
}

export interface EndpointView {
  addresses: string[];
  /** conditions.ready; undefined means unknown, which Kubernetes treats as ready. */
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectRef;
}

export interface EndpointSliceView {
  namespace: string;
  name: string;
  /** The owning Service: label kubernetes.io/service-name. */
  serviceName?: string;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  ports: { name?: string; port?: number; protocol: 'TCP' | 'UDP' | 'SCTP' }[];
  endpoints: EndpointView[];
}

export interface ContainerView {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; protocol: string }[];
  /** HTTP probe paths/ports (what CoreDNS's health/ready plugins must serve). */
  livenessProbe?: ProbeView;
  readinessProbe?: ProbeView;
  /** resources.requests / resources.limits as quantities (`100m`, `170Mi`); absent when unset. */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface ProbeView {
  httpGet?: { path?: string; port: number | string; scheme?: string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export interface ContainerStatusView {
  name: string;
  ready: boolean;
  restartCount: number;
  /** state.waiting.reason, e.g. CrashLoopBackOff. */
  waitingReason?: string;
  /** lastState.terminated.reason, e.g. OOMKilled, Error. */
  lastTerminationReason?: string;
  running: boolean;
}

export interface PodDnsConfig {
  nameservers?: string[];
  searches?: string[];
  options?: { name: string; value?: string }[];
}

export interface PodView {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  nodeName?: string;
  phase?: string;
  podIPs: string[];
  hostIP?: string;
  ready: boolean;
  hostNetwork: boolean;
  dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  dnsConfig?: PodDnsConfig;
  hostname?: string;
  subdomain?: string;
  setHostnameAsFQDN?: boolean;
  hostAliases?: { ip: string; hostnames: string[] }[];
  containers: ContainerView[];
  ephemeralContainers?: { name: string; image: string }[];
  containerStatuses: ContainerStatusView[];
  owner?: ObjectRef;
  deletionTimestamp?: string;
}

export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
}

export interface NodeView {
  name: string;
  addresses: { type: string; address: string }[];
  labels: Record<string, string>;
  ready: boolean;
}

export interface ConfigMapView {
  namespace: string;
  name: string;
  data: Record<string, string>;
}

export interface DeploymentView {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  selector: Record<string, string>;
  containers: ContainerView[];
  /** ConfigMap volumes: volume name -> ConfigMap name (+ optional key->path items). */
  configMapVolumes: { volume: string; configMap: string; items?: { key: string; path: string }[]; mountPaths: string[] }[];
  /** Pod anti-affinity terms of the template that keep its own pods apart (topology key, hard or soft). */
  antiAffinity?: { topologyKey: string; required: boolean }[];
  /** spec.template.spec.topologySpreadConstraints. */
  topologySpread?: { topologyKey: string; maxSkew: number; whenUnsatisfiable: string }[];
}

/** A PodDisruptionBudget, as far as doctor reads it. */
export interface PodDisruptionBudgetView {
  namespace: string;
  name: string;
  selector: LabelSelector;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
}

/** A HorizontalPodAutoscaler (autoscaling/v2), as far as doctor reads it. */
export interface HorizontalPodAutoscalerView {
  namespace: string;
  name: string;
  target: { kind: string; name: string };
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
}

export interface DaemonSetView {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  desired: number;
  ready: number;
  containers: ContainerView[];
  hostNetwork: boolean;
}

export interface StatefulSetView {
  namespace: string;
  name: string;
  serviceName: string;
  replicas: number;
}

/** NetworkPolicy spec kept as the API gives it (the policy evaluator reads it directly). */
export interface NetworkPolicyView {
  namespace: string;
  name: string;
  spec: NetworkPolicySpec;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
}

/** The DNS fields of a node's KubeletConfiguration. */
export interface KubeletDnsConfig {
  clusterDNS?: string[];
  clusterDomain?: string;
  resolvConf?: string;
}

export interface ClusterView {
  /** Where the view came from: 'live' (API server) or the snapshot file's path. */
  source: string;
  namespaces: NamespaceView[];
  nodes: NodeView[];
  pods: PodView[];
  services: ServiceView[];
  endpointSlices: EndpointSliceView[];
  configMaps: ConfigMapView[];
  deployments: DeploymentView[];
  daemonSets: DaemonSetView[];
  statefulSets: StatefulSetView[];
  networkPolicies: NetworkPolicyView[];
  podDisruptionBudgets: PodDisruptionBudgetView[];
  horizontalPodAutoscalers: HorizontalPodAutoscalerView[];
  /** Per node name. */
  kubelet: Record<string, KubeletDnsConfig>;
  /** Per node name: text of the node's resolv.conf. */
  nodeResolvConf: Record<string, string>;
  /** Files read inside pods: key `NS/POD`, then path -> text. */
  files: Record<string, Record<string, string>>;
  /**
   * What could not be read (RBAC gaps, ignored snapshot kinds), one plain line each; the
   * commands print them so the user knows what was not checked. Absent = nothing to say.
   */
  warnings?: string[];
}

export function emptyClusterView(source: string): ClusterView {
  return {
    source,
    namespaces: [],
    nodes: [],
    pods: [],
    services: [],
    endpointSlices: [],
    configMaps: [],
    deployments: [],
    daemonSets: [],
    statefulSets: [],
    networkPolicies: [],
    podDisruptionBudgets: [],
    horizontalPodAutoscalers: [],
    kubelet: {},
    nodeResolvConf: {},
    files: {},
  };
}

/** A pod that serves: Ready, Running and not being deleted (what Service endpoints and explain count as ready). */
export function podReady(p: PodView): boolean {
  return p.ready && p.phase === 'Running' && !p.deletionTimestamp;
}
