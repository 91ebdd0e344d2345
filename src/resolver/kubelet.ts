/**
 * What the kubelet writes into a pod's /etc/resolv.conf and /etc/hosts.
 *
 * Follows kubernetes/kubernetes pkg/kubelet/network/dns/dns.go (GetPodDNS, getPodDNSType,
 * getHostDNSConfig, parseResolvConf, generateSearchesForDNSClusterFirst, appendDNSConfig,
 * mergeDNSOptions, formDNSConfigFitsLimits) and pkg/kubelet/kubelet_pods.go
 * (managedHostsFileContent, nodeHostsFileContent, hostsEntriesFromHostAliases,
 * GeneratePodHostNameAndDomain). The file text itself is written by the container runtime
 * (containerd's CRI plugin): see formatResolvConf.
 */
import type { KubeletDnsConfig, PodDnsConfig, PodView } from '../model/view.ts';
import type { LibcFlavour } from './libc.ts';
import { formatResolvConf, parseResolvConf, type ResolvConf } from './resolv-conf.ts';
import { pushAll } from '../shared/array.ts';

/** Limits the kubelet applies (pkg/apis/core/validation: MaxDNSNameservers, MaxDNSSearchPaths*, MaxDNSSearchListChars*). */
export const KUBELET_DNS_LIMITS = {
  maxNameservers: 3,
  /** ExpandedDNSConfig (GA and always on since Kubernetes 1.28). */
  expanded: { maxSearchPaths: 32, maxSearchListChars: 2048 },
  /** Before 1.28 (feature gate off). */
  legacy: { maxSearchPaths: 6, maxSearchListChars: 256 },
  /** A single search path longer than a DNS-1123 subdomain (253) is dropped. */
  maxSearchPathChars: 253,
} as const;

/** The kubelet's default --cluster-domain is empty; every installer sets cluster.local unless told otherwise. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The kubelet's default --resolv-conf. */
export const DEFAULT_KUBELET_RESOLV_CONF = '/etc/resolv.conf';

/** The DNS settings the kubelet hands to the runtime (runtimeapi.DNSConfig). */
export interface KubeletDnsSettings {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface KubeletEvent {
  reason: 'DNSConfigForming' | 'MissingClusterDNS';
  message: string;
}

export interface PodResolvConfInput {
  pod: PodView;
  kubelet: KubeletDnsConfig;
  /** Text of the node file the kubelet's resolvConf names (what dnsPolicy Default gets). */
  nodeResolvConf?: string;
  /** Used as clusterDNS when the kubelet's clusterDNS is not known (absent from the snapshot). */
  kubeDnsServiceIP?: string;
  /** The node's IPs: with resolvConf "" the kubelet writes 127.0.0.1 (or ::1) per node IP. */
  nodeIPs?: string[];
  /** false for clusters before Kubernetes 1.28 (6 search paths, 256 characters). Default true. */
  expandedDnsConfig?: boolean;
  /** Which C library reads the result (default glibc). */
  flavour?: LibcFlavour;
}

export interface PodResolvConfResult {
  /** The file as the pod's C library reads it. */
  conf: ResolvConf;
  /** The file text, as the container runtime writes it. */
  text: string;
  /** Which base the kubelet used: cluster DNS, the node's file, or nothing (dnsPolicy None). */
  policy: 'cluster' | 'host' | 'none';
  /** Warning events the kubelet records while forming it (exact texts). */
  events: KubeletEvent[];
  /** Plain sentences: assumptions made and why the file looks as it does. */
  notes: string[];
}

/**
 * The kubelet's reading of the node's resolv.conf (dns.go parseResolvConf): nameservers
 * accumulate without limit, the last `search` line wins (trailing dots removed), the last
 * `options` line wins; `domain` lines and `;` comments are not understood.
 */
export function parseNodeResolvConf(text: string): KubeletDnsSettings {
  const settings: KubeletDnsSettings = { servers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/).filter((f) => f !== '');
    const [keyword, ...rest] = fields;
    if (keyword === 'nameserver' && rest[0] !== undefined) settings.servers.push(rest[0]);
    else if (keyword === 'search') settings.searches = rest.map((s) => s.replace(/\.$/, ''));
    else if (keyword === 'options') settings.options = rest;
  }
  return settings;
}

/** getPodDNSType: ClusterFirst on the host network falls back to Default. */
export function podDnsType(pod: Pick<PodView, 'dnsPolicy' | 'hostNetwork'>): 'cluster' | 'host' | 'none' {
  switch (pod.dnsPolicy) {
    case 'None':
      return 'none';
    case 'ClusterFirstWithHostNet':
      return 'cluster';
    case 'ClusterFirst':
      return pod.hostNetwork ? 'host' : 'cluster';
    case 'Default':
      return 'host';
    default:
      // The API server rejects other values; the kubelet then falls back to ClusterFirst.
      return 'cluster';
  }
}

/** omitDuplicates: keeps the first occurrence, in order. */
function omitDuplicates(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** generateSearchesForDNSClusterFirst: NS.svc.DOMAIN, svc.DOMAIN, DOMAIN, then the host's search list. */
export function clusterFirstSearches(namespace: string, clusterDomain: string, hostSearch: readonly string[]): string[] {
  if (clusterDomain === '') return [...hostSearch];
  return omitDuplicates([`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain, ...hostSearch]);
}

/**
 * mergeDNSOptions: options merged by name, the pod's value winning. (The kubelet rebuilds the
 * list from a Go map, so its order is unspecified; this keeps first-seen order.)
 */
export function mergeDnsOptions(existing: readonly string[], podOptions: PodDnsConfig['options'] = []): string[] {
  const merged = new Map<string, string>();
  for (const op of existing) {
    const colon = op.indexOf(':');
    if (colon === -1) merged.set(op, '');
    else merged.set(op.slice(0, colon), op.slice(colon + 1));
  }
  for (const op of podOptions) merged.set(op.name, op.value ?? '');
  return [...merged].map(([name, value]) => (value === '' ? name : `${name}:${value}`));
}

/** appendDNSConfig: the pod's dnsConfig added to the base. */
export function appendDnsConfig(base: KubeletDnsSettings, dnsConfig: PodDnsConfig): KubeletDnsSettings {
  return {
    servers: omitDuplicates([...base.servers, ...(dnsConfig.nameservers ?? [])]),
    searches: omitDuplicates([...base.searches, ...(dnsConfig.searches ?? [])]),
    options: mergeDnsOptions(base.options, dnsConfig.options),
  };
}

/** formDNSNameserversFitsLimits + formDNSSearchFitsLimits, with the kubelet's event texts. */
export function fitDnsLimits(settings: KubeletDnsSettings, expanded = true): { settings: KubeletDnsSettings; events: KubeletEvent[] } {
  const events: KubeletEvent[] = [];
  let servers = settings.servers;
  if (servers.length > KUBELET_DNS_LIMITS.maxNameservers) {
    servers = servers.slice(0, KUBELET_DNS_LIMITS.maxNameservers);
    events.push({
      reason: 'DNSConfigForming',
      message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${servers.join(' ')}`,
    });
  }
  const search = fitSearchLimits(settings.searches, expanded);
  if (search.exceeded) {
    events.push({
      reason: 'DNSConfigForming',
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${search.searches.join(' ')}`,
    });
  }
  return { settings: { servers, searches: search.searches, options: settings.options }, events };
}

function fitSearchLimits(input: readonly string[], expanded: boolean): { searches: string[]; exceeded: boolean } {
  const limits = expanded ? KUBELET_DNS_LIMITS.expanded : KUBELET_DNS_LIMITS.legacy;
  let exceeded = false;
  let searches = [...input];
  if (searches.length > limits.maxSearchPaths) {
    searches = searches.slice(0, limits.maxSearchPaths);
    exceeded = true;
  }
  const fitting = searches.filter((s) => s.length <= KUBELET_DNS_LIMITS.maxSearchPathChars);
  if (fitting.length !== searches.length) exceeded = true;
  searches = fitting;
  let lineLength = searches.join(' ').length;
  if (lineLength > limits.maxSearchListChars) {
    // Drop whole paths from the end until the line fits.
    while (searches.length > 0 && lineLength > limits.maxSearchListChars) {
      const dropped = searches.pop() ?? '';
      lineLength -= dropped.length + 1;
    }
    exceeded = true;
  }
  return { searches, exceeded };
}

const MISSING_CLUSTER_DNS =
  'kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.';

/** getHostDNSConfig (+ the resolvConf "" case of GetPodDNS), with notes on what had to be assumed. */
function hostSettings(input: PodResolvConfInput, notes: string[]): KubeletDnsSettings {
  const path = input.kubelet.resolvConf ?? DEFAULT_KUBELET_RESOLV_CONF;
  if (path === '') {
    notes.push('The kubelet runs with resolvConf "": the pod gets the node-local resolver (127.0.0.1) and search ".".');
    const servers = (input.nodeIPs ?? []).map((ip) => (ip.includes(':') ? '::1' : '127.0.0.1'));
    return { servers: servers.length > 0 ? servers : ['127.0.0.1'], searches: ['.'], options: [] };
  }
  if (input.nodeResolvConf === undefined) {
    notes.push(`The node's ${path} is not known: its nameservers, search domains and options are left out.`);
    return { servers: [], searches: [], options: [] };
  }
  return parseNodeResolvConf(input.nodeResolvConf);
}

/** The kubelet's clusterDNS, or the kube-dns Service address when the kubelet config is unknown. */
function clusterDns(input: PodResolvConfInput, notes: string[]): string[] {
  if (input.kubelet.clusterDNS !== undefined) return input.kubelet.clusterDNS;
  if (input.kubeDnsServiceIP !== undefined) {
    notes.push(`The kubelet's clusterDNS is not known: assumed to be the kube-dns Service address ${input.kubeDnsServiceIP}.`);
    return [input.kubeDnsServiceIP];
  }
  notes.push("The kubelet's clusterDNS is not known and no kube-dns Service was found.");
  return [];
}

function clusterDomain(kubelet: KubeletDnsConfig, notes: string[]): string {
  if (kubelet.clusterDomain !== undefined) return kubelet.clusterDomain.replace(/\.$/, '');
  notes.push(`The kubelet's clusterDomain is not known: assumed ${DEFAULT_CLUSTER_DOMAIN}.`);
  return DEFAULT_CLUSTER_DOMAIN;
}

/** GetPodDNS: the base settings for the pod's DNS type, before dnsConfig and limits. */
function baseSettings(input: PodResolvConfInput, notes: string[], events: KubeletEvent[]): { policy: 'cluster' | 'host' | 'none'; settings: KubeletDnsSettings } {
  const { pod } = input;
  const type = podDnsType(pod);
  if (type === 'none') {
    if ((pod.dnsConfig?.nameservers ?? []).length === 0) {
      notes.push('dnsPolicy None without dnsConfig.nameservers: the API server rejects such a pod.');
    }
    return { policy: 'none', settings: { servers: [], searches: [], options: [] } };
  }
  if (pod.dnsPolicy === 'ClusterFirst' && pod.hostNetwork) {
    notes.push('hostNetwork pod with dnsPolicy ClusterFirst: the kubelet uses the node\'s resolv.conf (as Default); use ClusterFirstWithHostNet to reach cluster names.');
  }
  const host = hostSettings(input, notes);
  if (type === 'cluster') {
    const servers = clusterDns(input, notes);
    if (servers.length > 0) {
      const searches = clusterFirstSearches(pod.namespace, clusterDomain(input.kubelet, notes), host.searches);
      return { policy: 'cluster', settings: { servers: [...servers], searches, options: ['ndots:5'] } };
    }
    events.push({ reason: 'MissingClusterDNS', message: MISSING_CLUSTER_DNS });
    notes.push(MISSING_CLUSTER_DNS);
  }
  return { policy: 'host', settings: host };
}

/** The pod's /etc/resolv.conf as the kubelet and the runtime produce it. Pure; never throws. */
export function computePodResolvConf(input: PodResolvConfInput): PodResolvConfResult {
  const notes: string[] = [];
  const events: KubeletEvent[] = [];
  const base = baseSettings(input, notes, events);
  const merged = input.pod.dnsConfig ? appendDnsConfig(base.settings, input.pod.dnsConfig) : base.settings;
  const fitted = fitDnsLimits(merged, input.expandedDnsConfig ?? true);
  pushAll(events, fitted.events);
  pushAll(notes, fitted.events.map((e) => e.message));
  const text = formatResolvConf({
    nameservers: fitted.settings.servers,
    search: fitted.settings.searches,
    options: fitted.settings.options,
  });
  return { conf: parseResolvConf(text, input.flavour ?? 'glibc'), text, policy: base.policy, events, notes };
}

/** kubelet_pods.go managedHostsHeader / managedHostsHeaderWithHostNetwork. */
export const MANAGED_HOSTS_HEADER = '# Kubernetes-managed hosts file.\n';
export const MANAGED_HOSTS_HEADER_HOST_NETWORK = '# Kubernetes-managed hosts file (host network).\n';

const MANAGED_HOSTS_DEFAULTS =
  '127.0.0.1\tlocalhost\n' +
  '::1\tlocalhost ip6-localhost ip6-loopback\n' +
  'fe00::0\tip6-localnet\n' +
  'fe00::0\tip6-mcastprefix\n' +
  'fe00::1\tip6-allnodes\n' +
  'fe00::2\tip6-allrouters\n';

/** hostsEntriesFromHostAliases: one "IP<TAB>hostname" line per hostname. */
function hostAliasesSection(pod: Pick<PodView, 'hostAliases'>): string {
  const aliases = pod.hostAliases ?? [];
  if (aliases.length === 0) return '';
  let text = '\n# Entries added by HostAliases.\n';
  for (const alias of aliases) for (const name of alias.hostnames) text += `${alias.ip}\t${name}\n`;
  return text;
}

/**
 * GeneratePodHostNameAndDomain: spec.hostname or the pod name (cut to 63 characters, then
 * trailing '-' and '.' removed); the domain SUBDOMAIN.NS.svc.CLUSTER-DOMAIN when spec.subdomain is set.
 */
export function podHostnameAndDomain(pod: Pick<PodView, 'name' | 'namespace' | 'hostname' | 'subdomain'>, domain: string): { hostname: string; hostDomain: string } {
  let hostname = pod.hostname !== undefined && pod.hostname !== '' ? pod.hostname : pod.name;
  if (hostname.length > 63) hostname = hostname.slice(0, 63).replace(/[-.]+$/, '');
  const hostDomain = pod.subdomain !== undefined && pod.subdomain !== '' ? `${pod.subdomain}.${pod.namespace}.svc.${domain}` : '';
  return { hostname, hostDomain };
}

/**
 * The pod's /etc/hosts as the kubelet writes it: the managed file (localhost lines, one line per
 * pod IP with the FQDN when a subdomain is set, then the HostAliases section), or for a
 * hostNetwork pod the node's /etc/hosts (`nodeHosts`, '' when unknown) plus the HostAliases section.
 */
export function computePodHosts(pod: PodView, opts: { clusterDomain?: string; nodeHosts?: string } = {}): string {
  if (pod.hostNetwork) return MANAGED_HOSTS_HEADER_HOST_NETWORK + (opts.nodeHosts ?? '') + hostAliasesSection(pod);
  const { hostname, hostDomain } = podHostnameAndDomain(pod, (opts.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN).replace(/\.$/, ''));
  let text = MANAGED_HOSTS_HEADER + MANAGED_HOSTS_DEFAULTS;
  for (const ip of pod.podIPs) {
    text += hostDomain !== '' ? `${ip}\t${hostname}.${hostDomain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
  }
  return text + hostAliasesSection(pod);
}
