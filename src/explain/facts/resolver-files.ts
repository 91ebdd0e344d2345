/**
 * Step 4: the pod's /etc/resolv.conf and /etc/hosts — read inside the pod (live or from the
 * snapshot's files section), else computed the way the kubelet writes them — and what the hosts
 * file says about the name. Pure.
 */
import type { ClusterView, NodeView, PodView } from '../../model/view.ts';
import { computePodResolvConf, computePodHosts, type PodResolvConfResult } from '../../resolver/kubelet.ts';
import { parseResolvConf, type ResolvConf } from '../../resolver/resolv-conf.ts';
import { parseHosts, lookupHosts, type HostsEntry, type HostsMatch } from '../../resolver/hosts.ts';
import type { LibcFlavour } from '../../resolver/libc.ts';
import type { ExplainInputs } from '../inputs.ts';
import type { PodFacts } from './pod.ts';

export interface ResolverFileFacts {
  computed?: PodResolvConfResult;
  resolv: ResolvConf;
  resolvText: string;
  resolvOrigin: 'exec' | 'computed';
  resolvDetail: string;
  hostsText?: string;
  hostsOrigin: 'exec' | 'computed';
  hostsEntries: HostsEntry[];
  hostsMatch: HostsMatch | null;
}

export interface ResolverFileContext {
  view: ClusterView;
  inputs: Pick<ExplainInputs, 'from' | 'podFiles' | 'filesProblem'>;
  pod: PodFacts;
  clusterDomain: string;
  dnsServiceIP?: string;
  /** The name as the program passes it (a trailing dot does not match a hosts line, in glibc and musl). */
  name: string;
  /** null: the query is not an address lookup, so the hosts file is not read. */
  family: 'ipv4' | 'ipv6' | 'any' | null;
}

/** What the kubelet would write; always computed so that exec'd files can be compared. */
export function kubeletResolvConf(view: ClusterView, pod: PodView, node: NodeView | undefined, kubelet: PodFacts['kubelet'], clusterDomain: string, dnsServiceIP: string | undefined, flavour: LibcFlavour): PodResolvConfResult {
  return computePodResolvConf({
    pod,
    kubelet: { clusterDomain, ...(kubelet.clusterDNS ? { clusterDNS: kubelet.clusterDNS } : {}), ...(kubelet.resolvConf !== undefined ? { resolvConf: kubelet.resolvConf } : {}) },
    ...(pod.nodeName && view.nodeResolvConf[pod.nodeName] !== undefined ? { nodeResolvConf: view.nodeResolvConf[pod.nodeName] } : {}),
    ...(dnsServiceIP ? { kubeDnsServiceIP: dnsServiceIP } : {}),
    ...(node ? { nodeIPs: node.addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address) } : {}),
    flavour,
  });
}

function snapshotFiles(view: ClusterView, from: ExplainInputs['from']): ExplainInputs['podFiles'] {
  const f = view.files[`${from.namespace}/${from.pod}`];
  if (!f) return undefined;
  const out: NonNullable<ExplainInputs['podFiles']> = { origin: 'snapshot', detail: `read inside the pod when the snapshot was taken (${view.source})` };
  if (f['/etc/resolv.conf'] !== undefined) out.resolvConf = f['/etc/resolv.conf'];
  if (f['/etc/hosts'] !== undefined) out.hosts = f['/etc/hosts'];
  return out;
}

export function readResolverFiles(c: ResolverFileContext): ResolverFileFacts {
  const { pod, node, kubelet, flavour } = c.pod;
  const computed = pod ? kubeletResolvConf(c.view, pod, node, kubelet, c.clusterDomain, c.dnsServiceIP, flavour) : undefined;
  const files = c.inputs.podFiles ?? snapshotFiles(c.view, c.inputs.from);
  const resolvText = files?.resolvConf ?? computed?.text ?? '';
  const hostsText = files?.hosts ?? (pod ? computePodHosts(pod, { clusterDomain: c.clusterDomain }) : undefined);
  const hostsEntries = hostsText ? parseHosts(hostsText) : [];
  const computedDetail = c.inputs.filesProblem ? `computed as the kubelet writes it (${c.inputs.filesProblem})` : 'computed as the kubelet writes it';
  return {
    ...(computed ? { computed } : {}),
    resolv: parseResolvConf(resolvText, flavour),
    resolvText,
    resolvOrigin: files?.resolvConf !== undefined ? 'exec' : 'computed',
    resolvDetail: files?.resolvConf !== undefined ? files.detail : computedDetail,
    ...(hostsText !== undefined ? { hostsText } : {}),
    hostsOrigin: files?.hosts !== undefined ? 'exec' : 'computed',
    hostsEntries,
    hostsMatch: c.family === null ? null : lookupHosts(hostsEntries, c.name, c.family, flavour),
  };
}
