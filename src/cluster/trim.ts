/**
 * Raw API objects (as the API or `kubectl get -o yaml` gives them) -> the trimmed views of
 * view.ts. Pure and tolerant: a missing or mistyped field becomes the API default, never a throw.
 */
import type {
  ClusterView,
  ConfigMapView,
  ContainerStatusView,
  ContainerView,
  DaemonSetView,
  DeploymentView,
  EndpointSliceView,
  EndpointView,
  HorizontalPodAutoscalerView,
  KubeletDnsConfig,
  LabelSelector,
  NamespaceView,
  NetworkPolicySpec,
  NetworkPolicyView,
  NodeView,
  ObjectRef,
  PodDisruptionBudgetView,
  PodDnsConfig,
  PodView,
  ProbeView,
  ServicePortView,
  ServiceView,
  StatefulSetView,
} from '../model/view.ts';
import { emptyClusterView } from '../model/view.ts';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

function metaOf(o: Obj): { name: string; namespace: string; labels: Record<string, string> } {
  const m = obj(o['metadata']);
  return { name: str(m['name']) ?? '', namespace: str(m['namespace']) ?? '', labels: stringMap(m['labels']) };
}

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const protocolOf = (v: unknown): 'TCP' | 'UDP' | 'SCTP' => (PROTOCOLS.has(v as string) ? (v as 'TCP' | 'UDP' | 'SCTP') : 'TCP');

function intOrString(v: unknown): number | string | undefined {
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

export function toServiceView(o: Obj): ServiceView {
  const { name, namespace, labels } = metaOf(o);
  const spec = obj(o['spec']);
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
  const type = (types as readonly string[]).includes(spec['type'] as string) ? (spec['type'] as ServiceView['type']) : 'ClusterIP';
  let clusterIPs = strs(spec['clusterIPs']);
  if (clusterIPs.length === 0 && str(spec['clusterIP'])) clusterIPs = [spec['clusterIP'] as string];
  if (type === 'ExternalName') clusterIPs = [];
  const headless = type !== 'ExternalName' && clusterIPs[0] === 'None';
  const ports: ServicePortView[] = arr(spec['ports']).map((p) => {
    const po = obj(p);
    const v: ServicePortView = { port: num(po['port']), protocol: protocolOf(po['protocol']) };
    if (str(po['name'])) v.name = po['name'] as string;
    const tp = intOrString(po['targetPort']);
    if (tp !== undefined) v.targetPort = tp;
    return v;
  });
  const view: ServiceView = {
    namespace,
    name,
    type,
    clusterIPs,
    headless,
    ports,
    publishNotReadyAddresses: bool(spec['publishNotReadyAddresses']) ?? false,
    labels,
  };
  if (type === 'ExternalName' && str(spec['externalName'])) view.externalName = spec['externalName'] as string;
  if (spec['selector'] !== undefined) view.selector = stringMap(spec['selector']);
  const fam = strs(spec['ipFamilies']).filter((f): f is 'IPv4' | 'IPv6' => f === 'IPv4' || f === 'IPv6');
  if (fam.length) view.ipFamilies = fam;
  return view;
}

function toObjectRef(v: unknown): ObjectRef | undefined {
  const r = obj(v);
  if (!str(r['name'])) return undefined;
  const ref: ObjectRef = { kind: str(r['kind']) ?? '', name: r['name'] as string };
  if (str(r['namespace'])) ref.namespace = r['namespace'] as string;
  return ref;
}

export function toEndpointSliceView(o: Obj): EndpointSliceView {
  const { name, namespace, labels } = metaOf(o);
  const at = o['addressType'];
  const endpoints: EndpointView[] = arr(o['endpoints']).map((e) => {
    const eo = obj(e);
    const cond = obj(eo['conditions']);
    const v: EndpointView = { addresses: strs(eo['addresses']) };
    const ready = bool(cond['ready']);
    if (ready !== undefined) v.ready = ready;
    const serving = bool(cond['serving']);
    if (serving !== undefined) v.serving = serving;
    const terminating = bool(cond['terminating']);
    if (terminating !== undefined) v.terminating = terminating;
    if (str(eo['hostname'])) v.hostname = eo['hostname'] as string;
    if (str(eo['nodeName'])) v.nodeName = eo['nodeName'] as string;
    const ref = toObjectRef(eo['targetRef']);
    if (ref) v.targetRef = ref;
    return v;
  });
  const view: EndpointSliceView = {
    namespace,
    name,
    addressType: at === 'IPv6' || at === 'FQDN' ? at : 'IPv4',
    ports: arr(o['ports']).map((p) => {
      const po = obj(p);
      const v: EndpointSliceView['ports'][number] = { protocol: protocolOf(po['protocol']) };
      if (str(po['name'])) v.name = po['name'] as string;
      if (typeof po['port'] === 'number') v.port = po['port'];
      return v;
    }),
    endpoints,
  };
  const svc = labels['kubernetes.io/service-name'];
  if (svc) view.serviceName = svc;
  return view;
}

function toProbe(v: unknown): ProbeView | undefined {
  const p = obj(v);
  const out: ProbeView = {};
  const h = obj(p['httpGet']);
  const hp = intOrString(h['port']);
  if (hp !== undefined) {
    out.httpGet = { port: hp };
    if (str(h['path'])) out.httpGet.path = h['path'] as string;
    if (str(h['scheme'])) out.httpGet.scheme = h['scheme'] as string;
  }
  const tp = intOrString(obj(p['tcpSocket'])['port']);
  if (tp !== undefined) out.tcpSocket = { port: tp };
  if (Array.isArray(obj(p['exec'])['command'])) out.exec = { command: strs(obj(p['exec'])['command']) };
  return Object.keys(out).length ? out : undefined;
}

/** A resource list (`cpu: 100m`, `memory: 70Mi`; numbers as YAML may write them); undefined when empty. */
function quantities(v: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(obj(v))) if (typeof x === 'string' || typeof x === 'number') out[k] = String(x);
  return Object.keys(out).length ? out : undefined;
}

export function toContainerView(v: unknown): ContainerView {
  const c = obj(v);
  const view: ContainerView = { name: str(c['name']) ?? '', image: str(c['image']) ?? '' };
  if (Array.isArray(c['command'])) view.command = strs(c['command']);
  if (Array.isArray(c['args'])) view.args = strs(c['args']);
  if (Array.isArray(c['ports'])) {
    view.ports = arr(c['ports']).map((p) => {
      const po = obj(p);
      const out: { name?: string; containerPort: number; protocol: string } = {
        containerPort: num(po['containerPort']),
        protocol: str(po['protocol']) ?? 'TCP',
      };
      if (str(po['name'])) out.name = po['name'] as string;
      return out;
    });
  }
  const lp = toProbe(c['livenessProbe']);
  if (lp) view.livenessProbe = lp;
  const rp = toProbe(c['readinessProbe']);
  if (rp) view.readinessProbe = rp;
  const res = obj(c['resources']);
  const requests = quantities(res['requests']);
  const limits = quantities(res['limits']);
  if (requests || limits) view.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  return view;
}

function toContainerStatus(v: unknown): ContainerStatusView {
  const s = obj(v);
  const state = obj(s['state']);
  const view: ContainerStatusView = {
    name: str(s['name']) ?? '',
    ready: bool(s['ready']) ?? false,
    restartCount: num(s['restartCount']),
    running: state['running'] !== undefined,
  };
  const waiting = str(obj(state['waiting'])['reason']);
  if (waiting) view.waitingReason = waiting;
  const last = str(obj(obj(s['lastState'])['terminated'])['reason']);
  if (last) view.lastTerminationReason = last;
  return view;
}

const DNS_POLICIES = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] as const;

export function toPodView(o: Obj): PodView {
  const { name, namespace, labels } = metaOf(o);
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  let podIPs = arr(status['podIPs']).map((x) => str(obj(x)['ip'])).filter((x): x is string => !!x);
  if (podIPs.length === 0 && str(status['podIP'])) podIPs = [status['podIP'] as string];
  const readyCond = arr(status['conditions']).map(obj).find((c) => c['type'] === 'Ready');
  const containerStatuses = arr(status['containerStatuses']).map(toContainerStatus);
  const ready = readyCond ? readyCond['status'] === 'True' : containerStatuses.length > 0 && containerStatuses.every((c) => c.ready);
  const view: PodView = {
    namespace,
    name,
    labels,
    podIPs,
    ready,
    hostNetwork: bool(spec['hostNetwork']) ?? false,
    // The API defaults dnsPolicy to ClusterFirst.
    dnsPolicy: (DNS_POLICIES as readonly string[]).includes(spec['dnsPolicy'] as string)
      ? (spec['dnsPolicy'] as PodView['dnsPolicy'])
      : 'ClusterFirst',
    containers: arr(spec['containers']).map(toContainerView),
    containerStatuses,
  };
  if (str(spec['nodeName'])) view.nodeName = spec['nodeName'] as string;
  if (str(status['phase'])) view.phase = status['phase'] as string;
  if (str(status['hostIP'])) view.hostIP = status['hostIP'] as string;
  if (spec['dnsConfig'] !== undefined) {
    const d = obj(spec['dnsConfig']);
    const dc: PodDnsConfig = {};
    if (Array.isArray(d['nameservers'])) dc.nameservers = strs(d['nameservers']);
    if (Array.isArray(d['searches'])) dc.searches = strs(d['searches']);
    if (Array.isArray(d['options'])) {
      dc.options = arr(d['options'])
        .map(obj)
        .filter((x) => typeof x['name'] === 'string')
        .map((x) => (typeof x['value'] === 'string' ? { name: x['name'] as string, value: x['value'] } : { name: x['name'] as string }));
    }
    view.dnsConfig = dc;
  }
  if (str(spec['hostname'])) view.hostname = spec['hostname'] as string;
  if (str(spec['subdomain'])) view.subdomain = spec['subdomain'] as string;
  if (bool(spec['setHostnameAsFQDN']) !== undefined) view.setHostnameAsFQDN = spec['setHostnameAsFQDN'] as boolean;
  if (Array.isArray(spec['hostAliases'])) {
    view.hostAliases = arr(spec['hostAliases']).map((h) => ({ ip: str(obj(h)['ip']) ?? '', hostnames: strs(obj(h)['hostnames']) }));
  }
  if (Array.isArray(spec['ephemeralContainers'])) {
    view.ephemeralContainers = arr(spec['ephemeralContainers']).map((c) => ({ name: str(obj(c)['name']) ?? '', image: str(obj(c)['image']) ?? '' }));
  }
  const owners = arr(obj(o['metadata'])['ownerReferences']).map(obj);
  const owner = owners.find((x) => x['controller'] === true) ?? owners[0];
  if (owner && str(owner['name'])) view.owner = { kind: str(owner['kind']) ?? '', namespace, name: owner['name'] as string };
  const del = str(obj(o['metadata'])['deletionTimestamp']);
  if (del) view.deletionTimestamp = del;
  return view;
}

export function toNamespaceView(o: Obj): NamespaceView {
  const { name, labels } = metaOf(o);
  return { name, labels };
}

export function toNodeView(o: Obj): NodeView {
  const { name, labels } = metaOf(o);
  const status = obj(o['status']);
  const readyCond = arr(status['conditions']).map(obj).find((c) => c['type'] === 'Ready');
  return {
    name,
    labels,
    addresses: arr(status['addresses']).map((a) => ({ type: str(obj(a)['type']) ?? '', address: str(obj(a)['address']) ?? '' })),
    ready: readyCond?.['status'] === 'True',
  };
}

export function toConfigMapView(o: Obj): ConfigMapView {
  const { name, namespace } = metaOf(o);
  return { namespace, name, data: stringMap(o['data']) };
}

function podTemplateSpec(o: Obj): Obj {
  return obj(obj(obj(o['spec'])['template'])['spec']);
}

export function toDeploymentView(o: Obj): DeploymentView {
  const { name, namespace, labels } = metaOf(o);
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  const pod = podTemplateSpec(o);
  const containers = arr(pod['containers']);
  const mountsByVolume = new Map<string, string[]>();
  for (const c of containers) {
    for (const m of arr(obj(c)['volumeMounts']).map(obj)) {
      const v = str(m['name']);
      const p = str(m['mountPath']);
      if (v && p) mountsByVolume.set(v, [...(mountsByVolume.get(v) ?? []), p]);
    }
  }
  const configMapVolumes: DeploymentView['configMapVolumes'] = [];
  for (const vol of arr(pod['volumes']).map(obj)) {
    const cm = obj(vol['configMap']);
    const volume = str(vol['name']);
    const cmName = str(cm['name']);
    if (!volume || !cmName) continue;
    const entry: DeploymentView['configMapVolumes'][number] = { volume, configMap: cmName, mountPaths: mountsByVolume.get(volume) ?? [] };
    if (Array.isArray(cm['items'])) {
      entry.items = arr(cm['items']).map((i) => ({ key: str(obj(i)['key']) ?? '', path: str(obj(i)['path']) ?? '' }));
    }
    configMapVolumes.push(entry);
  }
  const view: DeploymentView = {
    namespace,
    name,
    labels,
    // The API defaults replicas to 1.
    replicas: num(spec['replicas'], 1),
    readyReplicas: num(status['readyReplicas']),
    availableReplicas: num(status['availableReplicas']),
    selector: stringMap(obj(spec['selector'])['matchLabels']),
    containers: containers.map(toContainerView),
    configMapVolumes,
  };
  const anti = obj(obj(pod['affinity'])['podAntiAffinity']);
  const antiAffinity = [
    ...arr(anti['requiredDuringSchedulingIgnoredDuringExecution']).map((t) => ({ term: obj(t), required: true })),
    ...arr(anti['preferredDuringSchedulingIgnoredDuringExecution']).map((t) => ({ term: obj(obj(t)['podAffinityTerm']), required: false })),
  ]
    .filter(({ term }) => str(term['topologyKey']))
    .map(({ term, required }) => ({ topologyKey: term['topologyKey'] as string, required }));
  if (antiAffinity.length) view.antiAffinity = antiAffinity;
  const spread = arr(pod['topologySpreadConstraints'])
    .map(obj)
    .filter((c) => str(c['topologyKey']))
    .map((c) => ({ topologyKey: c['topologyKey'] as string, maxSkew: num(c['maxSkew'], 1), whenUnsatisfiable: str(c['whenUnsatisfiable']) ?? 'DoNotSchedule' }));
  if (spread.length) view.topologySpread = spread;
  return view;
}

function toLabelSelector(v: unknown): LabelSelector {
  const o = obj(v);
  const sel: LabelSelector = {};
  if (o['matchLabels'] !== undefined) sel.matchLabels = stringMap(o['matchLabels']);
  if (Array.isArray(o['matchExpressions'])) {
    sel.matchExpressions = arr(o['matchExpressions']).map(obj).map((e) => ({
      key: str(e['key']) ?? '',
      operator: str(e['operator']) ?? '',
      ...(Array.isArray(e['values']) ? { values: strs(e['values']) } : {}),
    }));
  }
  return sel;
}

export function toPodDisruptionBudgetView(o: Obj): PodDisruptionBudgetView {
  const { name, namespace } = metaOf(o);
  const spec = obj(o['spec']);
  const status = obj(o['status']);
  const view: PodDisruptionBudgetView = {
    namespace,
    name,
    selector: toLabelSelector(spec['selector']),
    disruptionsAllowed: num(status['disruptionsAllowed']),
    currentHealthy: num(status['currentHealthy']),
    desiredHealthy: num(status['desiredHealthy']),
  };
  const min = intOrString(spec['minAvailable']);
  if (min !== undefined) view.minAvailable = min;
  const max = intOrString(spec['maxUnavailable']);
  if (max !== undefined) view.maxUnavailable = max;
  return view;
}

export function toHorizontalPodAutoscalerView(o: Obj): HorizontalPodAutoscalerView {
  const { name, namespace } = metaOf(o);
  const spec = obj(o['spec']);
  const ref = obj(spec['scaleTargetRef']);
  return {
    namespace,
    name,
    target: { kind: str(ref['kind']) ?? '', name: str(ref['name']) ?? '' },
    // The API defaults minReplicas to 1.
    minReplicas: num(spec['minReplicas'], 1),
    maxReplicas: num(spec['maxReplicas'], 1),
    currentReplicas: num(obj(o['status'])['currentReplicas']),
  };
}

export function toDaemonSetView(o: Obj): DaemonSetView {
  const { name, namespace, labels } = metaOf(o);
  const status = obj(o['status']);
  const pod = podTemplateSpec(o);
  return {
    namespace,
    name,
    labels,
    desired: num(status['desiredNumberScheduled']),
    ready: num(status['numberReady']),
    containers: arr(pod['containers']).map(toContainerView),
    hostNetwork: bool(pod['hostNetwork']) ?? false,
  };
}

export function toStatefulSetView(o: Obj): StatefulSetView {
  const { name, namespace } = metaOf(o);
  const spec = obj(o['spec']);
  return { namespace, name, serviceName: str(spec['serviceName']) ?? '', replicas: num(spec['replicas'], 1) };
}

export function toNetworkPolicyView(o: Obj): NetworkPolicyView {
  const { name, namespace } = metaOf(o);
  const spec = obj(o['spec']);
  // Kept as the API gives it; podSelector is required by the API, default {} when missing.
  return { namespace, name, spec: { ...spec, podSelector: obj(spec['podSelector']) } as NetworkPolicySpec };
}

/** The DNS fields of a KubeletConfiguration (the `kubeletconfig` of /configz, or the object itself). */
export function toKubeletDnsConfig(v: unknown): KubeletDnsConfig {
  const o = obj(v);
  const cfg = o['kubeletconfig'] !== undefined ? obj(o['kubeletconfig']) : o;
  const out: KubeletDnsConfig = {};
  if (Array.isArray(cfg['clusterDNS'])) out.clusterDNS = strs(cfg['clusterDNS']);
  if (str(cfg['clusterDomain'])) out.clusterDomain = cfg['clusterDomain'] as string;
  if (str(cfg['resolvConf']) !== undefined) out.resolvConf = cfg['resolvConf'] as string;
  return out;
}

/** Kinds the view keeps, with their trimmer and the view list they go to. */
const TRIMMERS: Record<string, (view: ClusterView, o: Obj) => void> = {
  Namespace: (v, o) => v.namespaces.push(toNamespaceView(o)),
  Node: (v, o) => v.nodes.push(toNodeView(o)),
  Pod: (v, o) => v.pods.push(toPodView(o)),
  Service: (v, o) => v.services.push(toServiceView(o)),
  EndpointSlice: (v, o) => v.endpointSlices.push(toEndpointSliceView(o)),
  ConfigMap: (v, o) => v.configMaps.push(toConfigMapView(o)),
  Deployment: (v, o) => v.deployments.push(toDeploymentView(o)),
  DaemonSet: (v, o) => v.daemonSets.push(toDaemonSetView(o)),
  StatefulSet: (v, o) => v.statefulSets.push(toStatefulSetView(o)),
  NetworkPolicy: (v, o) => v.networkPolicies.push(toNetworkPolicyView(o)),
  PodDisruptionBudget: (v, o) => v.podDisruptionBudgets.push(toPodDisruptionBudgetView(o)),
  HorizontalPodAutoscaler: (v, o) => v.horizontalPodAutoscalers.push(toHorizontalPodAutoscalerView(o)),
};

export function isTrimmedKind(kind: string): boolean {
  return Object.hasOwn(TRIMMERS, kind);
}

/**
 * Objects -> ClusterView. Objects of other kinds are skipped and their kinds returned, so the
 * caller can warn about them.
 */
export function toClusterView(
  items: unknown[],
  source: string,
  extra: { kubelet?: Record<string, KubeletDnsConfig>; nodeResolvConf?: Record<string, string>; files?: Record<string, Record<string, string>> } = {},
): { view: ClusterView; ignoredKinds: string[] } {
  const view = emptyClusterView(source);
  const ignored = new Set<string>();
  for (const item of items) {
    const o = obj(item);
    const kind = str(o['kind']) ?? '(no kind)';
    const trim = TRIMMERS[kind];
    if (trim) trim(view, o);
    else ignored.add(kind);
  }
  if (extra.kubelet) view.kubelet = extra.kubelet;
  if (extra.nodeResolvConf) view.nodeResolvConf = extra.nodeResolvConf;
  if (extra.files) view.files = extra.files;
  return { view, ignoredKinds: [...ignored].sort() };
}
