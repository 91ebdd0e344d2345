import { canonicalIp, ipFamily } from '../shared/ip.ts';
import { namespaceExposed, serviceKey, type BackendPort, type RecordsIndex, type ServiceEntry } from './cluster-index.ts';
import type { DnsRecord } from './types.ts';
import { pushAll } from '../shared/array.ts';

/**
 * The kubernetes plugin's backend as data: a query name → the msg.Service entries CoreDNS builds
 * (plugin/kubernetes/kubernetes.go Records/findServices/findPods, parse.go), and the conversion of
 * entries into answer records (plugin/backend_lookup.go A/AAAA/SRV). Shared by the listing
 * (build.ts) and the single-query prediction (lookup.ts) so both say the same thing.
 */

/** One msg.Service: `host` is an IP (canonical) or a name (ExternalName); port -1 = no ports. */
export interface BackendEntry {
  host: string;
  /** 4 or 6 for an address, 0 for a name. */
  family: 0 | 4 | 6;
  port: number;
  /** msg.Domain(key): the SRV target for address entries. */
  target: string;
  source: string;
  service?: string;
}

export interface RecordRequest {
  podOrSvc: '' | 'svc' | 'pod';
  namespace: string;
  service: string;
  endpoint: string;
  port: string;
  protocol: string;
}

/** parse.go parseRequest (single-cluster, no zonal names). `base` is the name with the zone removed. */
export function parseRequest(base: string): { ok: true; r: RecordRequest } | { ok: false } {
  const r: RecordRequest = { podOrSvc: '', namespace: '', service: '', endpoint: '', port: '', protocol: '' };
  if (base === '' || base === 'svc' || base === 'pod') return { ok: true, r };
  const segs = base.split('.');
  let last = segs.length - 1;
  const kind = segs[last];
  if (kind !== 'svc' && kind !== 'pod') return { ok: false };
  r.podOrSvc = kind;
  if (--last < 0) return { ok: true, r };
  r.namespace = segs[last] as string;
  if (--last < 0) return { ok: true, r };
  r.service = segs[last] as string;
  if (--last < 0) return { ok: true, r };
  if (last === 0) r.endpoint = segs[0] as string;
  else if (last === 1) {
    r.protocol = stripUnderscore(segs[1] as string);
    r.port = stripUnderscore(segs[0] as string);
  } else return { ok: false };
  return { ok: true, r };
}

function stripUnderscore(s: string): string {
  return s.startsWith('_') ? s.slice(1) : s;
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const portMatches = (r: RecordRequest, p: BackendPort) =>
  (r.port === '' || eq(r.port, p.name)) && (r.protocol === '' || eq(r.protocol, p.protocol));

export interface EntriesResult {
  entries: BackendEntry[];
  /** errNoItems / errNsNotExposed / errInvalidRequest: the name does not exist. */
  nameError: boolean;
}

/** findServices(): entries for a svc request under `zone`. */
export function findServices(idx: RecordsIndex, r: RecordRequest, zone: string): EntriesResult {
  if (!namespaceExposed(idx, r.namespace)) return { entries: [], nameError: true };
  if (r.service === '') return { entries: [], nameError: false };
  const entries: BackendEntry[] = [];
  let nameError = true;
  for (const svc of idx.services.get(serviceKey(r.service, r.namespace)) ?? []) {
    const res = serviceEntries(idx, svc, zone, r);
    if (!res.nameError) nameError = false;
    pushAll(entries, res.entries);
  }
  return { entries, nameError };
}

/** The entries one Service contributes to a request (the loop body of findServices). */
export function serviceEntries(
  idx: RecordsIndex,
  e: ServiceEntry,
  zone: string,
  r: Pick<RecordRequest, 'endpoint' | 'port' | 'protocol'>,
): EntriesResult {
  const svc = e.svc;
  const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`.toLowerCase();
  const source = `Service ${e.ref}`;
  if (idx.opts.ignoreEmptyService && svc.type !== 'ExternalName' && !e.headless && e.publishedCount === 0) {
    return { entries: [], nameError: true };
  }
  if (svc.type === 'ExternalName') {
    if (r.endpoint !== '') return { entries: [], nameError: true };
    const ext = svc.externalName ?? '';
    if (ext === '' || ipFamily(ext)) return { entries: [], nameError: true };
    return { entries: [{ host: ext, family: 0, port: 0, target: svcName, source, service: e.ref }], nameError: false };
  }
  if (e.headless || r.endpoint !== '') {
    const entries: BackendEntry[] = [];
    const want = r.endpoint;
    for (const g of e.slices) {
      const source = `EndpointSlice ${g.slice.namespace}/${g.slice.name}`;
      for (const a of g.addresses) {
        if (want !== '' && !eq(want, a.label)) continue;
        for (const p of g.ports) {
          if (!portMatches(r as RecordRequest, p)) continue;
          entries.push({ host: a.canonical, family: a.family, port: p.port, target: `${a.label.toLowerCase()}.${svcName}`, source, service: e.ref });
        }
      }
    }
    return { entries, nameError: entries.length === 0 };
  }
  const entries: BackendEntry[] = [];
  let nameError = true;
  for (const p of e.ports) {
    if (!portMatches(r as RecordRequest, p)) continue;
    nameError = false;
    for (const c of e.clusterIps) entries.push({ host: c.ip, family: c.family, port: p.port, target: svcName, source, service: e.ref });
  }
  return { entries, nameError };
}

/** findPods(). */
export function findPods(idx: RecordsIndex, r: RecordRequest, zone: string): EntriesResult {
  const mode = idx.opts.podsMode;
  if (mode === 'disabled') return { entries: [], nameError: true };
  if (!namespaceExposed(idx, r.namespace)) return { entries: [], nameError: true };
  // CoreDNS works on the lower-cased query name (request.Name()).
  const podname = r.service.toLowerCase();
  if (podname === '') return { entries: [], nameError: false };
  const dashes = podname.split('-').length - 1;
  const ipText = dashes === 3 && !podname.includes('--') ? podname.replaceAll('-', '.') : podname.replaceAll('-', ':');
  const family = goParseIpFamily(ipText);
  const ip = family ? canonicalIp(ipText) : undefined;
  if (!ip || !family) return { entries: [], nameError: true };
  const target = `${podname}.${r.namespace}.pod.${zone}`.toLowerCase();
  if (mode === 'insecure') {
    const pod = (idx.podsByNamespace.get(r.namespace.toLowerCase()) ?? []).find((p) => canonicalIp(p.podIPs[0] as string) === ip);
    const source = pod ? `Pod ${pod.namespace}/${pod.name}` : 'pods insecure (any well-formed name)';
    return { entries: [{ host: ip, family, port: 0, target, source }], nameError: false };
  }
  // pods verified: the PodIP index and `ip == p.PodIP` compare the text, not the address.
  const entries: BackendEntry[] = [];
  for (const p of idx.podsByIp.get(ipText) ?? []) {
    if (!eq(p.namespace, r.namespace)) continue;
    entries.push({ host: ip, family, port: 0, target, source: `Pod ${p.namespace}/${p.name}` });
  }
  return { entries, nameError: entries.length === 0 };
}

/**
 * The family of `text` when Go's net.ParseIP accepts it (findPods' check), else undefined. Go
 * (>= 1.17) refuses IPv4 octets with leading zeros, which our lenient parser takes.
 */
function goParseIpFamily(text: string): 4 | 6 | undefined {
  const family = ipFamily(text);
  if (family === 4 && text.split('.').some((o) => o.length > 1 && o.startsWith('0'))) return undefined;
  return family;
}

/** plugin.A / plugin.AAAA for address entries: one record per distinct address of the family. */
export function addressRecords(qname: string, entries: BackendEntry[], type: 'A' | 'AAAA', ttl: number): DnsRecord[] {
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  const family = type === 'A' ? 4 : 6;
  for (const e of entries) {
    if (e.family !== family || seen.has(e.host)) continue;
    seen.add(e.host);
    out.push(record(qname, type, ttl, e.host, e));
  }
  return out;
}

/** SRV weight of plugin.SRV: all entries have priority 0 and weight 100, so floor(100 / n), at least 1. */
export function srvWeight(entryCount: number): number {
  const w = Math.floor((100 / (100 * entryCount)) * 100);
  return w === 0 ? 1 : w;
}

/**
 * plugin.SRV over the entries (names, i.e. ExternalName, are filtered out before, as
 * kubernetes.Services does for SRV): entries with port -1 are skipped but still count
 * for the weight; one record per (target, port).
 */
export function srvRecords(qname: string, entries: BackendEntry[], ttl: number): DnsRecord[] {
  const addr = entries.filter((e) => e.family !== 0);
  const weight = srvWeight(addr.length);
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const e of addr) {
    if (e.port === -1) continue;
    const k = `${e.target} ${e.port}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(record(qname, 'SRV', ttl, `0 ${weight} ${e.port & 0xffff} ${e.target}`, e));
  }
  return out;
}

export function record(name: string, type: DnsRecord['type'], ttl: number, data: string, from: { source: string; service?: string }): DnsRecord {
  const r: DnsRecord = { name, type, ttl, data, source: from.source };
  if (from.service) r.service = from.service;
  return r;
}

/** The name with a trailing dot, as CNAME/PTR targets print. */
export function fqdnText(name: string): string {
  return name.endsWith('.') ? name : name + '.';
}
