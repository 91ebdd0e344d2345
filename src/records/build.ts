import type { ClusterView } from '../model/view.ts';
import type { KubernetesPluginOptions } from '../corefile/kubernetes-options.ts';
import { isSubdomain } from '../shared/fqdn.ts';
import {
  addressRecords,
  fqdnText,
  record,
  serviceEntries,
  srvRecords,
  type BackendEntry,
} from './backend.ts';
import { indexFor, namespaceExposed, type RecordsIndex, type ServiceEntry } from './cluster-index.ts';
import { canonicalIp, ipFamily, reverseName } from '../shared/ip.ts';
import type { DnsRecord, RecordFilter, RecordsListing, RecordsNote } from './types.ts';
import { pushAll } from '../shared/array.ts';

/** TTL CoreDNS gives the dns-version TXT record (kubernetes.go). */
export const DNS_VERSION_TTL = 28800;
/** The schema version CoreDNS serves at dns-version.<zone> (kubernetes.go DNSSchemaVersion). */
export const DNS_SCHEMA_VERSION = '1.1.0';

/**
 * Every record the kubernetes plugin serves for the filtered namespaces: the names of the Kubernetes
 * DNS specification that CoreDNS answers (the zone transfer's walk, plugin/kubernetes/transfer.go),
 * with the data and SRV weights that real queries for those names return.
 *
 * Not listed, though CoreDNS answers them: A records at SRV names, SRV at endpoint names, and —
 * with `pods insecure` — pod names of addresses no pod has. lookupKubernetes() answers all of them.
 */
export function buildRecords(view: ClusterView, opts: KubernetesPluginOptions, filter: RecordFilter): DnsRecord[] {
  return listRecords(view, opts, filter).records;
}

/** buildRecords plus the primary zone and the remarks a reader needs. */
export function listRecords(view: ClusterView, opts: KubernetesPluginOptions, filter: RecordFilter): RecordsListing {
  const idx = indexFor(view, opts);
  const notes: RecordsNote[] = [];
  const ttl = opts.ttl;
  const namespaces = selectedNamespaces(idx, filter);
  const out: DnsRecord[] = [];
  const ptrs = new PtrCollector(idx);

  for (const ns of namespaces) {
    if (!namespaceExposed(idx, ns)) continue;
    const entries = [...(idx.servicesByNamespace.get(ns) ?? [])].sort((a, b) => cmp(a.svc.name, b.svc.name));
    for (const e of entries) {
      if (filter.service && e.svc.name.toLowerCase() !== filter.service.toLowerCase()) continue;
      for (const zone of idx.forwardZones) pushAll(out, serviceRecords(idx, e, zone, ttl));
      ptrs.addService(e);
    }
    if (!filter.service && opts.podsMode !== 'disabled') {
      // verified: only the pods CoreDNS's pod cache holds (no Succeeded/Failed/Unknown, `labels` applies);
      // insecure: every pod's address resolves, whatever its phase.
      const pods = (idx.podsByNamespace.get(ns) ?? [])
        .filter((p) => opts.podsMode !== 'verified' || (idx.podsByIp.get(p.podIPs[0] as string) ?? []).includes(p))
        .sort((a, b) => cmp(a.name, b.name));
      const seen = new Set<string>();
      for (const pod of pods) {
        const ip = pod.podIPs[0] as string;
        const label = ip.includes('.') ? ip.replaceAll('.', '-') : ip.replaceAll(':', '-');
        for (const zone of idx.forwardZones) {
          const name = `${label}.${ns}.pod.${zone}`.toLowerCase();
          const family = ipFamily(ip) ?? 0;
          const e: BackendEntry = { host: canonicalIp(ip) ?? ip, family, port: 0, target: name, source: `Pod ${pod.namespace}/${pod.name}` };
          for (const type of ['A', 'AAAA'] as const) {
            for (const r of addressRecords(name, [e], type, ttl)) {
              const k = `${r.name} ${r.type} ${r.data}`;
              if (seen.has(k)) continue;
              seen.add(k);
              out.push(r);
            }
          }
        }
      }
    }
  }
  pushAll(out, ptrs.records(ttl));
  if (filter.namespaces === 'all' && !filter.service) pushAll(out, apexRecords(idx, ttl));

  const types = (filter.types ?? []).map((t) => t.toUpperCase());
  const records = types.length ? out.filter((r) => types.includes(r.type)) : out;
  // Only where pod records are listed: with --service or --type SRV the remark is noise.
  if (opts.podsMode === 'insecure' && records.some((r) => r.source.startsWith('Pod '))) {
    notes.push({
      id: 'pods-insecure',
      message:
        'pods insecure: CoreDNS answers every well-formed name IP.NAMESPACE.pod.ZONE, whether or not a pod has that address; only the names of existing pods are listed',
    });
  }
  if (idx.namespacesInferred) {
    notes.push({
      id: 'namespaces-inferred',
      message: 'the cluster view holds no Namespace objects; namespaces were taken to exist when an object lives in them',
    });
  }
  if (idx.labelSelectorError) notes.push({ id: 'labels-unparsed', message: `labels option ignored: ${idx.labelSelectorError}` });
  if (idx.reverseZones.length === 0) {
    notes.push({
      id: 'no-reverse-zones',
      message: 'the kubernetes block serves no reverse zone (in-addr.arpa / ip6.arpa), so it answers no PTR queries',
    });
  }

  return { zone: idx.primaryZone, records, notes };
}

function selectedNamespaces(idx: RecordsIndex, filter: RecordFilter): string[] {
  if (filter.namespaces !== 'all') return [...new Set(filter.namespaces.map((n) => n.toLowerCase()))];
  const all = new Set<string>([...idx.servicesByNamespace.keys(), ...idx.podsByNamespace.keys()]);
  return [...all].sort(cmp);
}

/** All records of one Service under one zone, in table order. */
export function serviceRecords(idx: RecordsIndex, e: ServiceEntry, zone: string, ttl: number): DnsRecord[] {
  const svc = e.svc;
  const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`.toLowerCase();
  const all = { endpoint: '', port: '', protocol: '' };
  const base = serviceEntries(idx, e, zone, all);
  if (base.nameError) return [];
  const out: DnsRecord[] = [];

  if (svc.type === 'ExternalName') {
    // CNAME only: kubernetes.Services drops CNAME entries for SRV queries (NODATA).
    for (const b of base.entries) out.push(record(svcName, 'CNAME', ttl, fqdnText(b.host), b));
    return out;
  }

  pushAll(out, addressRecords(svcName, base.entries, 'A', ttl));
  pushAll(out, addressRecords(svcName, base.entries, 'AAAA', ttl));
  pushAll(out, srvRecords(svcName, base.entries, ttl));

  // _port._proto SRV for named ports (Service ports for ClusterIP, slice ports for headless)
  const named = new Map<string, { name: string; protocol: string }>();
  const portLists = e.headless ? e.slices.map((g) => g.ports) : [e.ports];
  for (const ports of portLists) {
    for (const p of ports) {
      if (p.name === '' || p.port === -1) continue;
      const k = `_${p.name}._${p.protocol}`.toLowerCase();
      if (!named.has(k)) named.set(k, { name: p.name, protocol: p.protocol });
    }
  }
  for (const [k, p] of [...named].sort((a, b) => cmp(a[0], b[0]))) {
    const res = serviceEntries(idx, e, zone, { endpoint: '', port: p.name, protocol: p.protocol });
    pushAll(out, srvRecords(`${k}.${svcName}`, res.entries, ttl));
  }

  {
    // Per-endpoint names (hostname, pod name under endpoint_pod_names, or dashed IP) of every
    // Service with endpoints, headless or not: kubernetes.go findServices matches an endpoint
    // label against the endpoints of any Service (differential test: records-vs-coredns).
    const labels: string[] = [];
    const seen = new Set<string>();
    for (const g of e.slices) {
      for (const a of g.addresses) {
        const l = a.label.toLowerCase();
        if (!seen.has(l)) {
          seen.add(l);
          labels.push(l);
        }
      }
    }
    for (const label of labels) {
      const res = serviceEntries(idx, e, zone, { ...all, endpoint: label });
      const name = `${label}.${svcName}`;
      pushAll(out, addressRecords(name, res.entries, 'A', ttl));
      pushAll(out, addressRecords(name, res.entries, 'AAAA', ttl));
    }
  }
  return out;
}

/** reverse.go serviceRecordForIP: a ClusterIP answers with its Service; else every endpoint holding the IP. */
class PtrCollector {
  private readonly ips = new Map<string, { service: string }>();
  private readonly idx: RecordsIndex;
  constructor(idx: RecordsIndex) {
    this.idx = idx;
  }

  addService(e: ServiceEntry): void {
    if (this.idx.reverseZones.length === 0) return;
    for (const c of e.clusterIps) this.ips.set(c.ip, { service: e.ref });
    for (const g of e.slices) for (const a of g.addresses) if (!this.ips.has(a.canonical)) this.ips.set(a.canonical, { service: e.ref });
  }

  records(ttl: number): DnsRecord[] {
    const out: DnsRecord[] = [];
    const zone = this.idx.primaryZone;
    for (const [ip, owner] of this.ips) {
      const name = reverseName(ip);
      if (!name || !this.idx.reverseZones.some((z) => isSubdomain(name, z))) continue;
      const svc = this.idx.serviceByIp.get(ip);
      if (svc) {
        // only list it with its own Service
        if (svc.ref !== owner.service) continue;
        const target = `${svc.svc.name}.${svc.svc.namespace}.svc.${zone}`.toLowerCase();
        out.push(record(name, 'PTR', ttl, target, { source: `Service ${svc.ref}`, service: svc.ref }));
        continue;
      }
      const seen = new Set<string>();
      for (const ep of this.idx.endpointsByIp.get(ip) ?? []) {
        const target = `${ep.label}.${ep.index}.svc.${zone}`.toLowerCase();
        if (seen.has(target)) continue;
        seen.add(target);
        const from: { source: string; service?: string } = { source: `EndpointSlice ${ep.slice.namespace}/${ep.slice.name}` };
        if (ep.service) from.service = ep.service.ref;
        out.push(record(name, 'PTR', ttl, target, from));
      }
    }
    return out;
  }
}

/** The zone apex records: NS (nsAddrs), the ns.dns A/AAAA glue, and the dns-version TXT. */
function apexRecords(idx: RecordsIndex, ttl: number): DnsRecord[] {
  const out: DnsRecord[] = [];
  for (const zone of idx.forwardZones) {
    const source = { source: `Zone ${zone}` };
    const nsNames = new Set<string>();
    for (const s of idx.nsServers) {
      const target = `${s.nameInZone}.${zone}`;
      if (!nsNames.has(target)) {
        nsNames.add(target);
        out.push(record(zone, 'NS', ttl, target, source));
      }
    }
    const glue = new Set<string>();
    for (const s of idx.nsServers) {
      const type = s.family === 4 ? 'A' : 'AAAA';
      if (glue.has(type + s.ip)) continue;
      glue.add(type + s.ip);
      out.push(record(`ns.dns.${zone}`, type, ttl, s.ip, source));
    }
    out.push(record(`dns-version.${zone}`, 'TXT', DNS_VERSION_TTL, `"${DNS_SCHEMA_VERSION}"`, source));
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
