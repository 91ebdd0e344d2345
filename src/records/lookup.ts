import type { ClusterView } from '../model/view.ts';
import type { KubernetesPluginOptions } from '../corefile/kubernetes-options.ts';
import { isSubdomain, toFqdn } from '../shared/fqdn.ts';
import {
  addressRecords,
  findPods,
  findServices,
  fqdnText,
  parseRequest,
  record,
  srvRecords,
  type BackendEntry,
  type EntriesResult,
} from './backend.ts';
import { DNS_SCHEMA_VERSION, DNS_VERSION_TTL } from './build.ts';
import { indexFor, type RecordsIndex } from './cluster-index.ts';
import { addressFromReverse, isReverseName } from '../shared/ip.ts';
import type { DnsRecord } from './types.ts';
import { pushAll } from '../shared/array.ts';

/**
 * What CoreDNS's kubernetes plugin answers for one query (plugin/kubernetes/handler.go ServeDNS):
 * the rcode, the answer records, and whether the query goes on to the next plugin.
 */
export interface KubernetesAnswer {
  /** null when the plugin does not answer (the next plugin does: see `next`). */
  rcode: 'NOERROR' | 'NXDOMAIN' | null;
  answers: DnsRecord[];
  /** NOERROR with no answer records. */
  nodata: boolean;
  /** Set when the query is passed on: the name is outside the plugin's zones, or NXDOMAIN under `fallthrough`. */
  next?: 'not-in-zone' | 'fallthrough';
  /** The zone of the plugin that matched the name. */
  zone?: string;
  /**
   * Set when the answer continues outside the cluster: an ExternalName CNAME whose target CoreDNS
   * resolves through its upstream. Without an upstream answer CoreDNS drops the CNAME (NODATA).
   */
  upstream?: { name: string; type: string };
  /** One sentence on why (for explain). */
  reason: string;
}

const MAX_CNAME_CHAIN = 8;

export function lookupKubernetes(
  view: ClusterView,
  opts: KubernetesPluginOptions,
  qname: string,
  qtype: string,
): KubernetesAnswer {
  const idx = indexFor(view, opts);
  const name = toFqdn(qname) as string;
  const type = qtype.toUpperCase();
  const zone = matchZone(idx, name);
  if (!zone) return { rcode: null, answers: [], nodata: false, next: 'not-in-zone', reason: `${name} is outside the kubernetes zones (${idx.opts.zones.join(' ')})` };

  const res = answerInZone(idx, name, type, zone, []);
  if (res.nameError) {
    if (fallsThrough(idx.opts, name)) {
      return { rcode: null, answers: [], nodata: false, next: 'fallthrough', zone, reason: `${res.reason}; fallthrough passes the query to the next plugin` };
    }
    return { rcode: 'NXDOMAIN', answers: [], nodata: false, zone, reason: res.reason };
  }
  const out: KubernetesAnswer = { rcode: 'NOERROR', answers: dedup(res.answers), nodata: res.answers.length === 0, zone, reason: res.reason };
  if (res.upstream) out.upstream = res.upstream;
  return out;
}

interface InnerAnswer {
  nameError: boolean;
  answers: DnsRecord[];
  reason: string;
  upstream?: { name: string; type: string };
}

/** plugin.Zones.Matches: the longest zone that holds the name. */
function matchZone(idx: RecordsIndex, name: string): string | undefined {
  let best: string | undefined;
  for (const z of idx.opts.zones.map((z) => toFqdn(z) as string)) {
    if (isSubdomain(name, z) && (!best || z.length > best.length)) best = z;
  }
  return best;
}

function fallsThrough(opts: KubernetesPluginOptions, name: string): boolean {
  if (!opts.fallthrough) return false;
  if (opts.fallthrough.length === 0) return true;
  return opts.fallthrough.some((z) => isSubdomain(name, toFqdn(z)));
}

function answerInZone(idx: RecordsIndex, name: string, type: string, zone: string, chain: DnsRecord[]): InnerAnswer {
  const ttl = idx.opts.ttl;
  switch (type) {
    case 'A':
    case 'AAAA':
      return addressAnswer(idx, name, type, zone, chain);
    case 'TXT': {
      // kubernetes.Services: only dns-version.<zone> has a TXT record; every other name is NODATA.
      if (name === `dns-version.${zone}`) {
        return { nameError: false, answers: [record(name, 'TXT', DNS_VERSION_TTL, `"${DNS_SCHEMA_VERSION}"`, { source: `Zone ${zone}` })], reason: 'the DNS schema version record' };
      }
      return { nameError: false, answers: [], reason: 'the kubernetes plugin serves TXT only at dns-version.<zone>' };
    }
    case 'SRV': {
      const s = services(idx, name, zone, 'SRV');
      if (s.nameError) return { nameError: true, answers: [], reason: s.reason };
      const internal = s.entries.filter((e) => e.family !== 0);
      const answers = srvRecords(name, internal, ttl);
      return { nameError: false, answers, reason: answers.length ? s.reason : `${s.reason}; no SRV data (ExternalName Services and port-less Services have none)` };
    }
    case 'CNAME': {
      const s = services(idx, name, zone, 'CNAME');
      if (s.nameError) return { nameError: true, answers: [], reason: s.reason };
      const first = s.entries[0];
      if (first && first.family === 0) {
        return { nameError: false, answers: [record(name, 'CNAME', ttl, fqdnText(first.host), first)], reason: s.reason };
      }
      return { nameError: false, answers: [], reason: `${s.reason}; it has addresses, not a CNAME` };
    }
    case 'PTR':
      return ptrAnswer(idx, name, zone);
    case 'NS':
      if (name === zone) return nsAnswer(idx, zone);
      return fakeA(idx, name, zone);
    case 'SOA': {
      const min = Math.min(300, ttl);
      const soa = `ns.dns.${zone} hostmaster.${zone} 0 7200 1800 86400 ${ttl}`;
      return { nameError: false, answers: [record(zone, 'SOA', min, soa, { source: `Zone ${zone}` })], reason: 'the kubernetes plugin answers SOA for any name in its zone (serial = last API change, shown as 0)' };
    }
    default:
      return fakeA(idx, name, zone);
  }
}

/** handler.go default branch: a fake A lookup decides NODATA vs NXDOMAIN. */
function fakeA(idx: RecordsIndex, name: string, zone: string): InnerAnswer {
  const a = addressAnswer(idx, name, 'A', zone, []);
  return { nameError: a.nameError, answers: [], reason: a.nameError ? a.reason : `${a.reason}; no data of this type` };
}

interface ServicesResult extends EntriesResult {
  reason: string;
}

/** kubernetes.Services() for A/AAAA/SRV/CNAME/... (TXT and NS are handled by the caller). */
function services(idx: RecordsIndex, name: string, zone: string, type: string): ServicesResult {
  if (name === `ns.dns.${zone}`) {
    const entries: BackendEntry[] = idx.nsServers
      .filter((s) => (type === 'A' && s.family === 4) || (type === 'AAAA' && s.family === 6))
      .map((s) => ({ host: s.ip, family: s.family, port: 0, target: name, source: `Zone ${zone}` }));
    return { entries, nameError: false, reason: 'ns.dns.<zone> names the CoreDNS Service addresses' };
  }
  return recordsOf(idx, name, zone);
}

/** kubernetes.Records(). */
function recordsOf(idx: RecordsIndex, name: string, zone: string): ServicesResult {
  const base = name === zone ? '' : name.slice(0, name.length - zone.length - 1);
  const parsed = parseRequest(base);
  if (!parsed.ok) {
    return { entries: [], nameError: true, reason: `${name} is not a name of the Kubernetes DNS schema (SERVICE.NAMESPACE.svc or IP.NAMESPACE.pod under ${zone})` };
  }
  const r = parsed.r;
  if (r.podOrSvc === '') return { entries: [], nameError: false, reason: `${name} exists as an empty name in the zone` };
  if (isReverseName(name)) return { entries: [], nameError: true, reason: `${name} is a reverse name` };
  if (r.podOrSvc === 'pod') {
    const res = findPods(idx, r, zone);
    return { ...res, reason: podReason(idx, r.namespace, r.service, res) };
  }
  const res = findServices(idx, r, zone);
  return { ...res, reason: serviceReason(idx, r.namespace, r.service, r.endpoint, res) };
}

function podReason(idx: RecordsIndex, ns: string, pod: string, res: EntriesResult): string {
  if (idx.opts.podsMode === 'disabled') return 'pod records are disabled (the kubernetes block has no `pods insecure|verified`)';
  if (!idx.existingNamespaces.has(ns)) return `namespace ${ns} does not exist or is not served`;
  if (pod === '') return `${ns}.pod exists as an empty name`;
  if (res.nameError) {
    return idx.opts.podsMode === 'verified' ? `no pod in ${ns} has the address ${pod} (pods verified)` : `${pod} is not a dashed IP address`;
  }
  return res.entries[0]?.source ?? 'pod record';
}

function serviceReason(idx: RecordsIndex, ns: string, svc: string, endpoint: string, res: EntriesResult): string {
  if (!idx.existingNamespaces.has(ns) || (idx.opts.namespaces?.length && !idx.opts.namespaces.includes(ns))) {
    return `namespace ${ns} does not exist or is not served by this kubernetes block`;
  }
  if (svc === '') return `${ns}.svc exists as an empty name`;
  if (res.nameError) {
    const known = idx.services.has(`${svc}.${ns}`);
    if (!known) return `no Service ${ns}/${svc}`;
    if (endpoint) return `Service ${ns}/${svc} has no ready endpoint named ${endpoint}`;
    return `Service ${ns}/${svc} has no ready endpoints or no matching port`;
  }
  return res.entries[0]?.source ?? `Service ${ns}/${svc}`;
}

/** plugin.A / plugin.AAAA with the apex special case and CNAME chasing (backend_lookup.go). */
function addressAnswer(idx: RecordsIndex, name: string, type: 'A' | 'AAAA', zone: string, chain: DnsRecord[]): InnerAnswer {
  const s = services(idx, name, zone, type);
  if (s.nameError) return { nameError: true, answers: [], reason: s.reason };
  const answers: DnsRecord[] = [];
  let upstream: { name: string; type: string } | undefined;
  for (const e of s.entries) {
    if (e.family !== 0) continue;
    const target = fqdnText(e.host).toLowerCase();
    if (target === name) continue; // x CNAME x
    if (chain.length >= MAX_CNAME_CHAIN) continue;
    const cname = record(name, 'CNAME', idx.opts.ttl, fqdnText(e.host), e);
    if (chain.some((c) => c.name === cname.name && c.data === cname.data)) continue;
    if (isSubdomain(target, zone)) {
      const next = addressAnswer(idx, target, type, zone, [...chain, cname]);
      if (!next.nameError && next.answers.length > 0) pushAll(answers, [cname].concat(next.answers));
      if (next.upstream) upstream = next.upstream;
      continue;
    }
    answers.push(cname);
    upstream = { name: target, type };
  }
  pushAll(answers, addressRecords(name, s.entries, type, idx.opts.ttl));
  const out: InnerAnswer = { nameError: false, answers, reason: s.reason };
  if (upstream) out.upstream = upstream;
  return out;
}

function ptrAnswer(idx: RecordsIndex, name: string, zone: string): InnerAnswer {
  const ip = addressFromReverse(name);
  if (!ip) {
    const s = recordsOf(idx, name, zone);
    return { nameError: s.nameError, answers: [], reason: s.reason };
  }
  const ttl = idx.opts.ttl;
  const svc = idx.serviceByIp.get(ip);
  if (svc) {
    const target = `${svc.svc.name}.${svc.svc.namespace}.svc.${idx.primaryZone}`.toLowerCase();
    return { nameError: false, answers: [record(name, 'PTR', ttl, target, { source: `Service ${svc.ref}`, service: svc.ref })], reason: `${ip} is the cluster IP of Service ${svc.ref}` };
  }
  const answers: DnsRecord[] = [];
  for (const ep of idx.endpointsByIp.get(ip) ?? []) {
    const target = `${ep.label}.${ep.index}.svc.${idx.primaryZone}`.toLowerCase();
    answers.push(record(name, 'PTR', ttl, target, { source: `EndpointSlice ${ep.slice.namespace}/${ep.slice.name}` }));
  }
  if (answers.length === 0) return { nameError: true, answers: [], reason: `no Service cluster IP and no ready endpoint has the address ${ip}` };
  return { nameError: false, answers, reason: `${ip} is a ready endpoint address` };
}

function nsAnswer(idx: RecordsIndex, zone: string): InnerAnswer {
  const answers: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const s of idx.nsServers) {
    const target = `${s.nameInZone}.${zone}`;
    if (seen.has(target)) continue;
    seen.add(target);
    answers.push(record(zone, 'NS', idx.opts.ttl, target, { source: `Zone ${zone}` }));
  }
  return { nameError: false, answers, reason: answers.length ? 'the CoreDNS Service names' : 'CoreDNS answers with its own pod address (not known offline)' };
}

function dedup(records: DnsRecord[]): DnsRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = `${r.name} ${r.type} ${r.data}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
