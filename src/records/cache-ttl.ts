import type { CacheConfig } from '../corefile/plugins/cache.ts';
import { isSubdomain } from '../shared/fqdn.ts';
import type { DnsRecord } from './types.ts';

/**
 * The TTL a client sees when the server block also has `cache`: the cache plugin rewrites every
 * reply it passes on, hit or miss, to the message's smallest TTL held between its minimum and
 * maximum success TTL (plugin/cache/cache.go ResponseWriter.WriteMsg: "Apply capped TTL to this
 * reply", computeTTL) — `disable success` only stops it storing the reply. So `cache 30` turns the
 * dns-version TXT's 28800 into 30, and a `ttl 0` kubernetes block still answers with 5.
 */
export function servedTtl(name: string, ttl: number, cache: CacheConfig | undefined): number {
  if (!cache || !cache.zones.some((z) => isSubdomain(name, z))) return ttl;
  return Math.min(Math.max(ttl, cache.successMinTtl), cache.successTtl);
}

/** Records with the TTLs a client sees through the block's cache (unchanged without one). */
export function withServedTtls(records: DnsRecord[], cache: CacheConfig | undefined): DnsRecord[] {
  if (!cache) return records;
  return records.map((r) => {
    const ttl = servedTtl(r.name, r.ttl, cache);
    return ttl === r.ttl ? r : { ...r, ttl };
  });
}
