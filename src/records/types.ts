/** The record shapes of `kubectl dns records` (CONTRACT.md) and of single-query predictions. */

export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'TXT' | 'NS' | 'SOA';

export const RECORD_TYPES: readonly RecordType[] = ['A', 'AAAA', 'CNAME', 'SRV', 'PTR', 'TXT', 'NS', 'SOA'];

export interface DnsRecord {
  /** Lower-case FQDN with a trailing dot. */
  name: string;
  type: RecordType;
  ttl: number;
  /** As `dig +short` prints it: AAAA compressed, names with a trailing dot, SRV "prio weight port target.". */
  data: string;
  /** The object the record comes from: "Service default/web", "EndpointSlice shop/db-abc12", "Pod shop/db-0". */
  source: string;
  /** The Service ("ns/name") the record belongs to, when it belongs to one; used to group the table. */
  service?: string;
}

/** Which records to list. */
export interface RecordFilter {
  namespaces: string[] | 'all';
  /** Record types to keep (upper-case); all when absent or empty. */
  types?: string[];
  /** Only the records of this Service (name in the listed namespaces). */
  service?: string;
}

/** A remark about the listing that a reader must know (e.g. "pods insecure answers any name"). */
export interface RecordsNote {
  id: string;
  message: string;
}

export interface RecordsListing {
  /** The primary (first forward) zone of the kubernetes plugin. */
  zone: string;
  records: DnsRecord[];
  notes: RecordsNote[];
}
