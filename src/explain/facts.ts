/**
 * Derives, once, every fact the steps and findings read, as a pipeline of small steps (each in
 * facts/, data in and out) in the order of the narrative: the name parsed once → the pod and its
 * kubelet → the cluster DNS objects → the Corefile and cluster domain → the pod's resolv.conf and
 * hosts → its nameservers → the candidate names with their predictions and observations → the
 * stub resolver's walk over them. Pure.
 */
import { podReady, type ClusterView } from '../model/view.ts';
import type { WalkResult } from '../resolver/search.ts';
import { evaluateDnsPolicies, type DnsPolicyVerdict } from './network-policy.ts';
import type { ExplainInputs } from './inputs.ts';
import { looksLikeClusterName, parseExplainName, type ExplainName } from './facts/name.ts';
import { findPod, type PodFacts } from './facts/pod.ts';
import { findClusterDns, type DnsServiceFacts } from './facts/dns-service.ts';
import { readCorefile, type CorefileFacts } from './facts/corefile.ts';
import { readResolverFiles, type ResolverFileFacts } from './facts/resolver-files.ts';
import { classifyNameservers, type NameserverFacts } from './facts/nameservers.ts';
import { predictCandidates, type CandidateFacts } from './facts/predictions.ts';
import { walkCandidates } from './facts/walk.ts';

export { podReady };
export { assumedCorefile } from './facts/corefile.ts';
export { guessFlavour } from './facts/pod.ts';
export { NODELOCAL_DNS_IP, type NameserverRole, type NodeLocalFacts } from './facts/nameservers.ts';
export type { Assumption, CandidateFacts, TypedQueryFacts } from './facts/predictions.ts';
export type { ExplainName } from './facts/name.ts';

export interface Facts extends PodFacts, DnsServiceFacts, CorefileFacts, ResolverFileFacts, NameserverFacts {
  inputs: ExplainInputs;
  /** The name being explained, parsed once. */
  name: ExplainName;
  /** The first type asked per name (A for getaddrinfo's pair). */
  qtype: string;
  /** The types asked per name, in order: getaddrinfo's A and AAAA by default, or the one --type. */
  qtypes: string[];
  /** True when the types are what getaddrinfo asks (no --type). */
  getaddrinfo: boolean;
  view: ClusterView;
  candidates: CandidateFacts[];
  walk: WalkResult;
  /** True when the walk used observed outcomes (real queries). */
  walkObserved: boolean;
  policy?: DnsPolicyVerdict;
}

/** Whether a NetworkPolicy applies to the pod's DNS traffic, and what it lets through. */
function dnsPolicyOf(view: ClusterView, pod: PodFacts['pod'], dns: DnsServiceFacts): DnsPolicyVerdict | undefined {
  if (!pod || !dns.dnsPods.length) return undefined;
  return evaluateDnsPolicies({ client: pod, dnsPods: dns.dnsPods, policies: view.networkPolicies, namespaces: view.namespaces, ...(dns.dnsServiceIP ? { dnsServiceIP: dns.dnsServiceIP } : {}) });
}

/**
 * What the application's getaddrinfo asks (AF_UNSPEC): A and AAAA for each name, A first — glibc
 * sends only A with `options no-aaaa` (glibc >= 2.36, resolv/res_query.c) — or the one --type.
 */
function typesAsked(type: string | undefined, flavour: string, resolv: ResolverFileFacts['resolv']): string[] {
  if (type) return [type];
  if (flavour === 'glibc' && resolv.options.some((o) => o.name === 'no-aaaa')) return ['A'];
  return ['A', 'AAAA'];
}

/** The hosts file answers getaddrinfo's address lookups only; `--type SRV` is a plain DNS query. */
function hostsFamily(type: string | undefined): 'ipv4' | 'ipv6' | 'any' | null {
  return type === undefined ? 'any' : type === 'A' ? 'ipv4' : type === 'AAAA' ? 'ipv6' : null;
}

export function computeFacts(inputs: ExplainInputs): Facts {
  const view = inputs.view;
  const name = parseExplainName(inputs.name);
  const pod = findPod(view, inputs);
  const dns = findClusterDns(view);
  const core = readCorefile(dns.coredns, pod.kubelet, dns.deployment);
  const files = readResolverFiles({
    view, inputs, pod, clusterDomain: core.clusterDomain, ...(dns.dnsServiceIP ? { dnsServiceIP: dns.dnsServiceIP } : {}),
    name: name.text, family: name.ip ? null : hostsFamily(inputs.type),
  });
  const ns = classifyNameservers(view, files.resolv.nameservers, dns.dnsService, dns.dnsServiceIP);
  const policy = dnsPolicyOf(view, pod.pod, dns);
  const qtypes = typesAsked(inputs.type, pod.flavour, files.resolv);
  const namespaces = view.namespaces.length ? view.namespaces.map((n) => n.name) : [...view.pods.map((p) => p.namespace), ...view.services.map((s) => s.namespace)];
  const candidates = predictCandidates(name, {
    view, ...(pod.pod ? { pod: pod.pod } : {}), flavour: pod.flavour, resolv: files.resolv, nameservers: ns,
    clusterDomain: core.clusterDomain, corefile: core.corefile, importFiles: dns.coredns?.importFiles ?? {},
    ...(dns.coredns?.version ? { corednsVersion: dns.coredns.version } : {}),
    dnsDown: dns.dnsService !== undefined && dns.dnsReadyAddresses.length === 0 && (ns.path === 'kube-dns' || ns.path === 'nodelocal'),
    udpBlocked: policy !== undefined && (policy.egress.udp === 'blocked' || policy.ingress.udp === 'blocked'),
    qtypes, observed: inputs.observed ?? [], clusterName: looksLikeClusterName(name, core.clusterDomain, namespaces),
  });
  const walk = walkCandidates(candidates, { flavour: pod.flavour, resolv: files.resolv, path: ns.path, hostNetwork: pod.pod?.hostNetwork ?? false, typesPerName: qtypes.length });
  return { inputs, name, qtype: qtypes[0]!, qtypes, getaddrinfo: inputs.type === undefined, view, ...pod, ...dns, ...core, ...files, ...ns, candidates, ...walk, ...(policy ? { policy } : {}) };
}
