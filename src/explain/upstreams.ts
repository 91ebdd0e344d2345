/**
 * Where CoreDNS's `forward` really sends a query: the TO entries as written (`8.8.8.8`,
 * `dns://10.0.0.2:5353`, `tls://1.1.1.1`, `/etc/resolv.conf`) turned into server addresses
 * when the cluster data says which they are. A resolv.conf-style file is read inside the
 * CoreDNS container: `/etc/resolv.conf` is what the kubelet wrote for the CoreDNS pod (its
 * node's resolv.conf under kubeadm's `dnsPolicy: Default`); other paths are ConfigMap keys
 * mounted into the container. Pure.
 */
import { podReady, type Facts } from './facts.ts';
import { computePodResolvConf, parseNodeResolvConf } from '../resolver/kubelet.ts';
import { isIpAddress } from '../resolver/resolv-conf.ts';

export interface UpstreamServer {
  /** IP address (or host name, for `tls://`/`https://` with a name). */
  host: string;
  /** Set when it is not 53. */
  port?: number;
  transport: 'dns' | 'tls' | 'https';
}

export interface ResolvedUpstream {
  /** The TO entry as written in the Corefile. */
  text: string;
  /** The servers it stands for; empty when a file's content is not known. */
  servers: UpstreamServer[];
  /** For a file: where its content came from ("the resolv.conf of node node-1"); absent for an address. */
  from?: string;
}

function splitTransport(text: string): { transport: UpstreamServer['transport']; rest: string } {
  const m = /^(dns|tls|https|grpc):\/\/(.*)$/i.exec(text);
  if (!m) return { transport: 'dns', rest: text };
  const t = m[1]!.toLowerCase();
  return { transport: t === 'tls' ? 'tls' : t === 'https' ? 'https' : 'dns', rest: m[2]! };
}

/** "10.0.0.2", "10.0.0.2:5353", "[fd00::1]:53", "fd00::1", "dns.google" (tls: "1.1.1.1%cloudflare-dns.com"). */
function parseHostPort(rest: string): { host: string; port?: number } | undefined {
  const noName = rest.split('%')[0] ?? rest;
  const hostPath = noName.split('/')[0] ?? noName;
  if (isIpAddress(hostPath)) return { host: hostPath };
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPath);
  if (bracket) return { host: bracket[1]!, ...(bracket[2] && bracket[2] !== '53' ? { port: Number(bracket[2]) } : {}) };
  const hp = /^([^:]+)(?::(\d+))?$/.exec(hostPath);
  if (hp && (isIpAddress(hp[1]!) || /^[a-z0-9.-]+$/i.test(hp[1]!))) return { host: hp[1]!, ...(hp[2] && hp[2] !== '53' ? { port: Number(hp[2]) } : {}) };
  return undefined;
}

function isFile(text: string): boolean {
  const { transport, rest } = splitTransport(text);
  return transport === 'dns' && rest.startsWith('/');
}

/** The text of /etc/resolv.conf inside a CoreDNS container, and where it came from. */
function corednsResolvConf(f: Facts): { text: string; from: string } | undefined {
  const pods = [...f.readyDnsPods, ...f.dnsPods.filter((p) => !podReady(p))];
  // Read inside the pod (a snapshot's files section).
  for (const p of pods) {
    const text = f.view.files[`${p.namespace}/${p.name}`]?.['/etc/resolv.conf'];
    if (text !== undefined) return { text, from: `/etc/resolv.conf read in pod ${p.namespace}/${p.name}` };
  }
  // What the kubelet writes for the CoreDNS pod (dnsPolicy Default: its node's file).
  for (const p of pods) {
    const nodeText = p.nodeName ? f.view.nodeResolvConf[p.nodeName] : undefined;
    const hostPolicy = p.dnsPolicy === 'Default' || (p.hostNetwork && p.dnsPolicy === 'ClusterFirst');
    if (hostPolicy && nodeText === undefined) continue;
    const kubelet = (p.nodeName ? f.view.kubelet[p.nodeName] : undefined) ?? {};
    const computed = computePodResolvConf({
      pod: p,
      kubelet: { clusterDomain: f.clusterDomain, ...(kubelet.clusterDNS ? { clusterDNS: kubelet.clusterDNS } : {}), ...(kubelet.resolvConf !== undefined ? { resolvConf: kubelet.resolvConf } : {}) },
      ...(nodeText !== undefined ? { nodeResolvConf: nodeText } : {}),
      ...(f.dnsServiceIP ? { kubeDnsServiceIP: f.dnsServiceIP } : {}),
    });
    const why = hostPolicy ? `the resolv.conf of node ${p.nodeName}, which CoreDNS pod ${p.name} gets with dnsPolicy ${p.dnsPolicy}` : `what the kubelet writes for CoreDNS pod ${p.name} (dnsPolicy ${p.dnsPolicy})`;
    return { text: computed.text, from: why };
  }
  // No CoreDNS pod to look at: every node's file, when they all name the same servers.
  if (pods.length === 0) {
    const texts = f.view.nodes.map((n) => f.view.nodeResolvConf[n.name]).filter((t): t is string => t !== undefined);
    const keys = new Set(texts.map((t) => parseNodeResolvConf(t).servers.join(' ')));
    if (texts.length > 0 && texts.length === f.view.nodes.length && keys.size === 1) return { text: texts[0]!, from: 'the nodes\' resolv.conf (every node names the same servers)' };
  }
  return undefined;
}

/** The servers behind each TO entry of a `forward`. */
export function resolveUpstreams(f: Facts, to: readonly string[]): ResolvedUpstream[] {
  return to.map((text) => {
    if (isFile(text)) {
      const path = splitTransport(text).rest;
      const file = path === '/etc/resolv.conf' ? corednsResolvConf(f) : f.coredns?.importFiles[path] !== undefined ? { text: f.coredns.importFiles[path]!, from: `ConfigMap key mounted at ${path}` } : undefined;
      if (!file) return { text, servers: [] };
      const servers = parseNodeResolvConf(file.text).servers.map((s) => parseHostPort(s)).filter((s) => s !== undefined).map((s) => ({ ...s, transport: 'dns' as const }));
      return { text, servers, from: file.from };
    }
    const { transport, rest } = splitTransport(text);
    const hp = parseHostPort(rest);
    return { text, servers: hp ? [{ ...hp, transport }] : [] };
  });
}

/** `8.8.8.8`, `[fd00::1]:5353`: a server as a person writes it. */
export function serverText(s: UpstreamServer): string {
  const host = s.host.includes(':') && s.port ? `[${s.host}]` : s.host;
  return `${s.transport === 'dns' ? '' : s.transport + '://'}${host}${s.port ? ':' + s.port : ''}`;
}

/** The dig command that asks `s` for `fqdn` the way CoreDNS does. */
export function digCommand(s: UpstreamServer, fqdn: string): string {
  const flags = s.transport === 'tls' ? ' +tls' : s.transport === 'https' ? ' +https' : '';
  return `dig${flags} @${s.host}${s.port ? ` -p ${s.port}` : ''} ${fqdn}`;
}
