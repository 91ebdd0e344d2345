import type { ClusterView, EndpointSliceView, LabelSelector, PodView, ServiceView } from '../model/view.ts';
import type { KubernetesPluginOptions } from '../corefile/kubernetes-options.ts';
import { toFqdn } from '../shared/fqdn.ts';
import { matchesSelector } from '../model/label-selector.ts';
import { canonicalIp, parseIp, type IpFamily } from '../shared/ip.ts';
import { parseSelectorText } from './selector-text.ts';

/**
 * The in-memory indexes CoreDNS's kubernetes plugin keeps (plugin/kubernetes/controller.go:
 * services by name.namespace and by IP, endpoints by service and by IP, pods by IP), built
 * once per (view, options) so that listing and single lookups are linear, never quadratic.
 */

/** One endpoint address that CoreDNS publishes (object.EndpointSliceToEndpoints). */
export interface PublishedAddress {
  /** The address as the API wrote it (CoreDNS builds dashed names from this text). */
  ip: string;
  /** As dig prints it. */
  canonical: string;
  family: IpFamily;
  /** endpointHostname(): hostname, else (endpoint_pod_names) the pod name, else the dashed IP. */
  label: string;
  slice: EndpointSliceView;
}

/** A port as CoreDNS keeps it; -1 is its sentinel for "no ports declared". */
export interface BackendPort {
  name: string;
  protocol: string;
  port: number;
}

export interface SliceGroup {
  slice: EndpointSliceView;
  ports: BackendPort[];
  addresses: PublishedAddress[];
}

export interface ServiceEntry {
  svc: ServiceView;
  /** "ns/name" */
  ref: string;
  headless: boolean;
  /** Cluster IPs that are IP addresses, canonical, in spec order. */
  clusterIps: { ip: string; family: IpFamily }[];
  ports: BackendPort[];
  slices: SliceGroup[];
  publishedCount: number;
}

export interface EndpointAtIp {
  /** "svcname.ns" as CoreDNS's ep.Index */
  index: string;
  namespace: string;
  label: string;
  slice: EndpointSliceView;
  service?: ServiceEntry;
}

export interface NsServer {
  /** Owner name of the NS target ("kube-dns.kube-system.svc.<zone>" without the zone part). */
  nameInZone: string;
  ip: string;
  family: IpFamily;
}

export interface RecordsIndex {
  opts: KubernetesPluginOptions;
  forwardZones: string[];
  reverseZones: string[];
  primaryZone: string;
  /** Namespaces that exist (and match namespace_labels). */
  existingNamespaces: Set<string>;
  /** True when the view held no Namespace objects and existence was inferred from the other objects. */
  namespacesInferred: boolean;
  labelSelectorError?: string;
  services: Map<string, ServiceEntry[]>;
  servicesByNamespace: Map<string, ServiceEntry[]>;
  serviceByIp: Map<string, ServiceEntry>;
  endpointsByIp: Map<string, EndpointAtIp[]>;
  /**
   * The pods CoreDNS's pod cache holds (`pods verified`), by status.podIP exactly as the API wrote it
   * (the cache's PodIP index compares strings): its informer lists pods with the `labels` selector and
   * the field selector status.phase!=Succeeded,status.phase!=Failed,status.phase!=Unknown
   * (controller.go podListFunc).
   */
  podsByIp: Map<string, PodView[]>;
  /** Every pod with an IP, by namespace (what `pods insecure` answers names for). */
  podsByNamespace: Map<string, PodView[]>;
  /** What nsAddrs() returns for a CoreDNS pod, or [] when the CoreDNS pods cannot be found. */
  nsServers: NsServer[];
}

const cache = new WeakMap<ClusterView, WeakMap<KubernetesPluginOptions, RecordsIndex>>();

/** The index of (view, opts); cached, so callers may call it per query. */
export function indexFor(view: ClusterView, opts: KubernetesPluginOptions): RecordsIndex {
  let byOpts = cache.get(view);
  if (!byOpts) {
    byOpts = new WeakMap();
    cache.set(view, byOpts);
  }
  let idx = byOpts.get(opts);
  if (!idx) {
    idx = buildIndex(view, opts);
    byOpts.set(opts, idx);
  }
  return idx;
}

export function isReverseZone(zone: string): boolean {
  return zone === 'in-addr.arpa.' || zone === 'ip6.arpa.' || zone.endsWith('.in-addr.arpa.') || zone.endsWith('.ip6.arpa.');
}

export function serviceKey(name: string, namespace: string): string {
  return `${name.toLowerCase()}.${namespace.toLowerCase()}`;
}

/** True when the namespace is served: listed by `namespaces` (if set) and existing. */
export function namespaceExposed(idx: RecordsIndex, ns: string): boolean {
  return configuredNamespace(idx.opts, ns) && idx.existingNamespaces.has(ns.toLowerCase());
}

export function configuredNamespace(opts: KubernetesPluginOptions, ns: string): boolean {
  if (!opts.namespaces || opts.namespaces.length === 0) return true;
  return opts.namespaces.includes(ns.toLowerCase()) || opts.namespaces.includes(ns);
}

/** CoreDNS's endpointHostname(). */
export function endpointLabel(ip: string, hostname: string | undefined, podName: string | undefined, podNames: boolean): string {
  if (hostname) return hostname;
  if (podNames && podName && podName.length < 64) return podName;
  if (ip.includes('.')) return ip.replaceAll('.', '-');
  if (ip.includes(':')) return ip.replaceAll(':', '-');
  return '';
}

function buildIndex(view: ClusterView, opts: KubernetesPluginOptions): RecordsIndex {
  const zones = opts.zones.map((z) => toFqdn(z) as string);
  const forwardZones = zones.filter((z) => !isReverseZone(z));
  const reverseZones = zones.filter((z) => isReverseZone(z));
  const primaryZone = forwardZones[0] ?? 'cluster.local.';

  let labelSelectorError: string | undefined;
  const selectorOf = (text: string | undefined) => {
    if (!text) return undefined;
    const r = parseSelectorText(text);
    if (!r.ok) {
      labelSelectorError = r.error;
      return undefined;
    }
    return r.value;
  };
  const labelSel = selectorOf(opts.labels);
  const nsSel = selectorOf(opts.namespaceLabels);

  // Namespaces that exist. Without Namespace objects (a partial capture), infer them from the objects.
  const existingNamespaces = new Set<string>();
  const namespacesInferred = view.namespaces.length === 0;
  if (!namespacesInferred) {
    for (const ns of view.namespaces) {
      if (nsSel && !matchesSelector(nsSel, ns.labels ?? {})) continue;
      existingNamespaces.add(ns.name.toLowerCase());
    }
  } else {
    for (const o of [...view.services, ...view.endpointSlices, ...view.pods]) existingNamespaces.add(o.namespace.toLowerCase());
  }

  // EndpointSlices by owning Service (label kubernetes.io/service-name).
  const slicesByKey = new Map<string, EndpointSliceView[]>();
  if (!opts.noEndpoints) {
    for (const s of view.endpointSlices) {
      if (!s.serviceName || s.addressType === 'FQDN') continue;
      const k = serviceKey(s.serviceName, s.namespace);
      const list = slicesByKey.get(k);
      if (list) list.push(s);
      else slicesByKey.set(k, [s]);
    }
  }

  const services = new Map<string, ServiceEntry[]>();
  const servicesByNamespace = new Map<string, ServiceEntry[]>();
  const serviceByIp = new Map<string, ServiceEntry>();
  const endpointsByIp = new Map<string, EndpointAtIp[]>();
  const svcLabelOk = new Map<string, boolean>();

  for (const svc of view.services) {
    if (labelSel && !matchesSelector(labelSel, svc.labels ?? {})) {
      svcLabelOk.set(serviceKey(svc.name, svc.namespace), false);
      continue;
    }
    const key = serviceKey(svc.name, svc.namespace);
    svcLabelOk.set(key, true);
    const headless = svc.type !== 'ExternalName' && (svc.headless || svc.clusterIPs[0] === 'None');
    const clusterIps: { ip: string; family: IpFamily }[] = [];
    if (!headless && svc.type !== 'ExternalName') {
      for (const ip of svc.clusterIPs) {
        const parsed = parseIp(ip);
        if (parsed) clusterIps.push({ ip: parsed.canonical, family: parsed.family });
      }
    }
    const ports: BackendPort[] =
      svc.ports.length === 0
        ? [{ name: '', protocol: '', port: -1 }]
        : svc.ports.map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? 'TCP', port: p.port }));
    const entry: ServiceEntry = {
      svc,
      ref: `${svc.namespace}/${svc.name}`,
      headless,
      clusterIps,
      ports,
      slices: [],
      publishedCount: 0,
    };
    push(services, key, entry);
    push(servicesByNamespace, svc.namespace.toLowerCase(), entry);
    for (const c of clusterIps) {
      if (serviceByIp.has(c.ip)) continue;
      if (opts.namespaces && opts.namespaces.length > 0 && !namespaceExposedRaw(opts, existingNamespaces, svc.namespace)) continue;
      serviceByIp.set(c.ip, entry);
    }
  }

  // Published endpoint addresses, grouped per slice, attached to their Service.
  for (const [key, slices] of slicesByKey) {
    // The `labels` option filters EndpointSlices too; the slice controller copies the Service's labels
    // onto its slices, so a slice follows its Service here.
    if (labelSel && svcLabelOk.get(key) !== true) continue;
    const owners = services.get(key);
    const groups: SliceGroup[] = [];
    for (const slice of slices) {
      const ports: BackendPort[] =
        slice.ports.length === 0
          ? [{ name: '', protocol: '', port: -1 }]
          : slice.ports.map((p) => ({ name: p.name ?? '', protocol: p.protocol ?? '', port: p.port ?? -1 }));
      const addresses: PublishedAddress[] = [];
      for (const ep of slice.endpoints) {
        if (!publishes(ep, opts)) continue;
        for (const ip of ep.addresses) {
          const parsed = parseIp(ip);
          if (!parsed) continue;
          const { canonical, family } = parsed;
          // object/endpoint.go keeps targetRef.name whatever the kind (Pod, Node, anything a hand-written slice names)
          const label = endpointLabel(ip, ep.hostname, ep.targetRef?.name, opts.endpointPodNames);
          addresses.push({ ip, canonical, family, label, slice });
          if (!opts.namespaces || opts.namespaces.length === 0 || namespaceExposedRaw(opts, existingNamespaces, slice.namespace)) {
            push(endpointsByIp, canonical, {
              index: key,
              namespace: slice.namespace,
              label,
              slice,
              ...(owners?.[0] ? { service: owners[0] } : {}),
            });
          }
        }
      }
      groups.push({ slice, ports, addresses });
    }
    const count = groups.reduce((n, g) => n + g.addresses.length, 0);
    for (const owner of owners ?? []) {
      owner.slices = groups;
      owner.publishedCount = count;
    }
  }

  const podsByIp = new Map<string, PodView[]>();
  const podsByNamespace = new Map<string, PodView[]>();
  for (const pod of view.pods) {
    const primary = pod.podIPs[0];
    if (!primary || !canonicalIp(primary)) continue;
    push(podsByNamespace, pod.namespace.toLowerCase(), pod);
    if (podCached(pod, labelSel)) push(podsByIp, primary, pod);
  }

  const idx: RecordsIndex = {
    opts,
    forwardZones,
    reverseZones,
    primaryZone,
    existingNamespaces,
    namespacesInferred,
    services,
    servicesByNamespace,
    serviceByIp,
    endpointsByIp,
    podsByIp,
    podsByNamespace,
    nsServers: [],
  };
  if (labelSelectorError) idx.labelSelectorError = labelSelectorError;
  idx.nsServers = findNsServers(view, idx);
  return idx;
}

/**
 * Whether CoreDNS publishes an endpoint (object/endpoint.go endpointsliceReady / endpointslicePublish):
 * `ready` (unset counts as ready); with the terminating-endpoints option, `serving` (unset defers to
 * ready). Only the slice's conditions count: the Service's publishNotReadyAddresses acts through the
 * slice controller, which then writes ready=true; CoreDNS never reads it, so a hand-written slice
 * saying ready=false stays unpublished.
 */
function publishes(ep: { ready?: boolean; serving?: boolean }, opts: KubernetesPluginOptions): boolean {
  const ready = ep.ready ?? true;
  if (opts.terminatingEndpoints) return ep.serving ?? ready;
  return ready;
}

/** Whether CoreDNS's pod informer holds the pod (controller.go podListFunc: labels + phase field selector). */
function podCached(pod: PodView, labelSel: LabelSelector | undefined): boolean {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.phase === 'Unknown') return false;
  if (labelSel && !matchesSelector(labelSel, pod.labels ?? {})) return false;
  return true;
}

function namespaceExposedRaw(opts: KubernetesPluginOptions, existing: Set<string>, ns: string): boolean {
  return configuredNamespace(opts, ns) && existing.has(ns.toLowerCase());
}

/**
 * plugin/kubernetes/ns.go nsAddrs(): the Services whose endpoints hold the answering CoreDNS pod's
 * IP. The CoreDNS pods are found through the kube-dns Service's endpoints (kube-system, label
 * k8s-app=kube-dns, or the name kube-dns); every replica sits behind the same Services.
 */
function findNsServers(view: ClusterView, idx: RecordsIndex): NsServer[] {
  const dnsServices = view.services.filter(
    (s) => s.namespace === 'kube-system' && (s.name === 'kube-dns' || s.labels?.['k8s-app'] === 'kube-dns'),
  );
  let localIps: string[] = [];
  for (const s of dnsServices) {
    for (const entry of idx.services.get(serviceKey(s.name, s.namespace)) ?? []) {
      const first = entry.slices.flatMap((g) => g.addresses)[0];
      if (first) {
        // the first CoreDNS pod's addresses (all its families)
        const pod = first.slice.endpoints.find((e) => e.addresses.includes(first.ip));
        localIps = (pod?.addresses ?? [first.ip]).map((ip) => canonicalIp(ip) ?? ip);
        break;
      }
    }
    if (localIps.length) break;
  }
  const out: NsServer[] = [];
  const seen = new Set<string>();
  for (const ip of localIps) {
    for (const ep of idx.endpointsByIp.get(ip) ?? []) {
      for (const entry of idx.services.get(ep.index) ?? []) {
        const svcName = `${entry.svc.name}.${entry.svc.namespace}.svc`.toLowerCase();
        if (entry.headless) {
          for (const g of entry.slices) {
            for (const a of g.addresses) add(`${a.label}.${svcName}`, a.canonical, a.family);
          }
        } else {
          for (const c of entry.clusterIps) add(svcName, c.ip, c.family);
        }
      }
    }
  }
  return out;

  function add(nameInZone: string, ip: string, family: IpFamily): void {
    const k = `${nameInZone} ${ip}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ nameInZone, ip, family });
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
