/**
 * Where a cluster keeps its DNS server: the Corefile ConfigMap, the import ConfigMaps mounted
 * beside it, the CoreDNS Deployment (or DaemonSet) and the kube-dns Service, per distribution.
 * The distributions are data (DNS_LAYOUTS); the lookups are pure functions over a ClusterView
 * (reading them live is src/cluster/load.ts's loadLiveCoreDnsConfig).
 */
import { err, ok, type Result } from '../shared/result.ts';
import { podReady, type ClusterView, type ConfigMapView, type DaemonSetView, type DeploymentView, type PodView, type ServiceView } from './view.ts';

export interface DnsLayout {
  distribution: string;
  namespace: string;
  configMap: string;
  key: string;
  /** Workload names to try (Deployment first, then DaemonSet). */
  workloads: string[];
  services: string[];
}

/** Checked in order; the first whose ConfigMap exists wins. */
export const DNS_LAYOUTS: readonly DnsLayout[] = [
  // kubeadm, kind, EKS, GKE (CoreDNS), AKS, k3s, kops, microk8s: ConfigMap coredns, Service kube-dns.
  { distribution: 'coredns', namespace: 'kube-system', configMap: 'coredns', key: 'Corefile', workloads: ['coredns'], services: ['kube-dns', 'coredns'] },
  // RKE2 installs CoreDNS with its Helm chart under the release name rke2-coredns.
  {
    distribution: 'rke2',
    namespace: 'kube-system',
    configMap: 'rke2-coredns-rke2-coredns',
    key: 'Corefile',
    workloads: ['rke2-coredns-rke2-coredns'],
    services: ['rke2-coredns-rke2-coredns', 'kube-dns'],
  },
  // OpenShift: the DNS operator runs CoreDNS as DaemonSet dns-default in openshift-dns.
  { distribution: 'openshift', namespace: 'openshift-dns', configMap: 'dns-default', key: 'Corefile', workloads: ['dns-default'], services: ['dns-default'] },
  // The upstream Helm chart with its default release name.
  { distribution: 'coredns-helm', namespace: 'kube-system', configMap: 'coredns-coredns', key: 'Corefile', workloads: ['coredns-coredns'], services: ['coredns-coredns'] },
];

/**
 * ConfigMaps that DNS depends on (the only ones a snapshot keeps): Corefiles, import folders
 * (coredns-custom on AKS and k3s), NodeLocal DNSCache, kube-dns stub domains.
 */
export const DNS_CONFIGMAPS: readonly { namespace: string; name: string }[] = [
  ...DNS_LAYOUTS.map((l) => ({ namespace: l.namespace, name: l.configMap })),
  { namespace: 'kube-system', name: 'coredns-custom' },
  { namespace: 'kube-system', name: 'nodelocaldns' },
  { namespace: 'kube-system', name: 'kube-dns' },
];

/** Namespaces whose DNS objects every command loads. */
export const DNS_NAMESPACES: readonly string[] = [...new Set(DNS_LAYOUTS.map((l) => l.namespace))];

export function isDnsConfigMap(namespace: string, name: string): boolean {
  return DNS_CONFIGMAPS.some((c) => c.namespace === namespace && c.name === name);
}

/** AKS and k3s mount coredns-custom here; *.server keys are imported at top level, *.override inside `.:53`. */
export const CUSTOM_IMPORT_DIR = '/etc/coredns/custom';

export interface CoreDnsConfig {
  corefile: string;
  /** CONTRACT.md's `source`: 'configmap NS/NAME'. */
  source: string;
  distribution: string;
  /** Files CoreDNS can `import`, keyed by their path inside the CoreDNS container. */
  importFiles: Record<string, string>;
  deployment?: DeploymentView;
  daemonSet?: DaemonSetView;
  service?: ServiceView;
  /** From the CoreDNS image tag, e.g. "1.11.3"; absent when the tag is not a version. */
  version?: string;
  /** Same as importFiles (the name lint-corefile reads). */
  files: Record<string, string>;
  /** Same as version (the name lint-corefile reads). */
  imageVersion?: string;
  /** The kubelets' clusterDomain when every node that answered /configz agrees. */
  clusterDomain?: string;
}

/** "registry.k8s.io/coredns/coredns:v1.11.3" -> "1.11.3"; EKS "...:v1.11.1-eksbuild.4" -> "1.11.1". */
export function versionFromImage(image: string): string | undefined {
  const noDigest = image.split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const m = /^v?(\d+\.\d+\.\d+)/.exec(noDigest.slice(colon + 1));
  return m?.[1];
}

function coreDnsImage(containers: { name: string; image: string }[]): string | undefined {
  return (containers.find((c) => /coredns/i.test(c.image) || c.name === 'coredns' || c.name === 'dns') ?? containers[0])?.image;
}

/** The cluster DNS Service: label k8s-app=kube-dns in kube-system, else a layout's Service name. */
export function findDnsService(view: ClusterView): ServiceView | undefined {
  const byLabel = view.services.find((s) => s.namespace === 'kube-system' && s.labels['k8s-app'] === 'kube-dns');
  if (byLabel) return byLabel;
  for (const l of DNS_LAYOUTS) {
    for (const name of l.services) {
      const s = view.services.find((x) => x.namespace === l.namespace && x.name === name);
      if (s) return s;
    }
  }
  return undefined;
}

/** The Pods of the DNS workload (its selector), else pods labelled k8s-app=kube-dns. */
export function findDnsPods(view: ClusterView, cfg?: Pick<CoreDnsConfig, 'deployment'>): PodView[] {
  const d = cfg?.deployment;
  if (d && Object.keys(d.selector).length) {
    return view.pods.filter((p) => p.namespace === d.namespace && Object.entries(d.selector).every(([k, v]) => p.labels[k] === v));
  }
  return view.pods.filter((p) => DNS_NAMESPACES.includes(p.namespace) && p.labels['k8s-app'] === 'kube-dns');
}

function findConfigMap(view: ClusterView, namespace: string, name: string): ConfigMapView | undefined {
  return view.configMaps.find((c) => c.namespace === namespace && c.name === name);
}

/** Finds the Corefile and what it can import. Err is one line saying what was looked for. */
export function findCoreDnsConfig(view: ClusterView, opts: { namespace?: string } = {}): Result<CoreDnsConfig, string> {
  const layouts = opts.namespace === undefined ? DNS_LAYOUTS : DNS_LAYOUTS.filter((l) => l.namespace === opts.namespace);
  for (const layout of layouts) {
    const cm = findConfigMap(view, layout.namespace, layout.configMap);
    const corefile = cm?.data[layout.key];
    if (!cm || corefile === undefined) continue;
    const cfg: CoreDnsConfig = {
      corefile,
      source: `configmap ${layout.namespace}/${layout.configMap}`,
      distribution: layout.distribution,
      importFiles: {},
      files: {},
    };
    const deployment =
      layout.workloads.map((n) => view.deployments.find((d) => d.namespace === layout.namespace && d.name === n)).find((d) => d) ??
      view.deployments.find((d) => d.namespace === layout.namespace && d.labels['k8s-app'] === 'kube-dns');
    if (deployment) cfg.deployment = deployment;
    const daemonSet = deployment
      ? undefined
      : layout.workloads.map((n) => view.daemonSets.find((d) => d.namespace === layout.namespace && d.name === n)).find((d) => d);
    if (daemonSet) cfg.daemonSet = daemonSet;
    const service = findDnsService(view);
    if (service) cfg.service = service;
    const image = coreDnsImage(deployment?.containers ?? daemonSet?.containers ?? []);
    const version = image ? versionFromImage(image) : undefined;
    if (version) {
      cfg.version = version;
      cfg.imageVersion = version;
    }
    cfg.importFiles = importFilesOf(view, layout, deployment);
    cfg.files = cfg.importFiles;
    const domains = new Set(Object.values(view.kubelet).map((k) => k.clusterDomain).filter((d): d is string => !!d));
    if (domains.size === 1) cfg.clusterDomain = [...domains][0]!;
    return ok(cfg);
  }
  if (layouts.length === 0) {
    const known = [...new Set(DNS_LAYOUTS.map((l) => l.namespace))].join(', ');
    return err(`no known CoreDNS ConfigMap lives in namespace ${opts.namespace} (CoreDNS is looked for in ${known}); lint it from standard input: kubectl -n ${opts.namespace} get configmap NAME -o jsonpath='{.data.Corefile}' | kubectl dns lint-corefile -`);
  }
  const looked = layouts.map((l) => `${l.namespace}/${l.configMap}`).join(', ');
  return err(`no CoreDNS Corefile found (looked for ConfigMap ${looked} with a Corefile key)`);
}

/**
 * The ConfigMap files the DNS Deployment mounts (keys, or items key->path), by container path;
 * the Corefile itself excluded. Without a Deployment (or when it does not mount it),
 * coredns-custom goes to /etc/coredns/custom, as AKS and k3s mount it.
 */
function importFilesOf(view: ClusterView, layout: DnsLayout, deployment: DeploymentView | undefined): Record<string, string> {
  const files: Record<string, string> = {};
  let customMounted = false;
  for (const vol of deployment?.configMapVolumes ?? []) {
    const cm = findConfigMap(view, layout.namespace, vol.configMap);
    if (!cm) continue;
    if (vol.configMap === 'coredns-custom') customMounted = true;
    const entries = vol.items ?? Object.keys(cm.data).map((key) => ({ key, path: key }));
    for (const mount of vol.mountPaths) {
      for (const { key, path } of entries) {
        const text = cm.data[key];
        if (text === undefined) continue;
        if (vol.configMap === layout.configMap && key === layout.key) continue;
        files[`${mount.replace(/\/+$/, '')}/${path}`] = text;
      }
    }
  }
  const custom = findConfigMap(view, 'kube-system', 'coredns-custom');
  if (custom && !customMounted) {
    for (const [key, text] of Object.entries(custom.data)) files[`${CUSTOM_IMPORT_DIR}/${key}`] = text;
  }
  return files;
}

/** A CoreDNS pod and the TCP port its DNS server listens on. */
export interface ForwardTarget {
  namespace: string;
  pod: string;
  port: number;
}

/** The TCP DNS port of a CoreDNS pod: container port `dns-tcp`, else TCP 53, else a TCP port named dns*, else 53. */
export function dnsTcpPort(pod: PodView): number {
  const tcp = pod.containers.flatMap((c) => c.ports ?? []).filter((p) => p.protocol === 'TCP');
  return (
    tcp.find((p) => p.name === 'dns-tcp')?.containerPort ??
    tcp.find((p) => p.containerPort === 53)?.containerPort ??
    tcp.find((p) => /^dns/.test(p.name ?? ''))?.containerPort ??
    53
  );
}

export function forwardTargetOf(pod: PodView): ForwardTarget {
  return { namespace: pod.namespace, pod: pod.name, port: dnsTcpPort(pod) };
}

/**
 * The ready CoreDNS pods to port-forward to (the DNS workload's pods, see findDnsPods), in the
 * view's order; `problem` says why there are none.
 */
export function findForwardTargets(view: ClusterView): { targets: ForwardTarget[]; problem?: string } {
  const cfg = findCoreDnsConfig(view);
  const pods = findDnsPods(view, cfg.ok ? cfg.value : undefined);
  if (pods.length === 0) return { targets: [], problem: 'no CoreDNS pod found (pods of the CoreDNS Deployment, or labelled k8s-app=kube-dns)' };
  const ready = pods.filter(podReady);
  if (ready.length === 0) {
    const names = pods.slice(0, 3).map((p) => `${p.namespace}/${p.name}`).join(', ');
    return { targets: [], problem: `no ready CoreDNS pod to port-forward to (${pods.length} not ready: ${names}${pods.length > 3 ? ', ...' : ''})` };
  }
  return { targets: ready.map(forwardTargetOf) };
}

/** The cluster DNS Service's address and DNS port (UDP `dns`, else port 53). */
export function findDnsServiceAddress(view: ClusterView): { host: string; port: number; service: string } | undefined {
  const svc = findDnsService(view);
  const ip = svc?.clusterIPs.find((x) => x !== 'None' && x !== '');
  if (!svc || !ip) return undefined;
  const udp = svc.ports.filter((p) => p.protocol === 'UDP');
  const port = (udp.find((p) => p.name === 'dns') ?? udp.find((p) => p.port === 53) ?? udp[0])?.port ?? 53;
  return { host: ip, port, service: `${svc.namespace}/${svc.name}` };
}
