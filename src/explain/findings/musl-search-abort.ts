import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'musl-search-abort',
    severity: 'warning',
    message: 'The pod\'s musl C library stopped the search at {{fqdn}} ({{status}}), so {{skipped}} were never tried.',
    hint: 'Use the fully qualified name with a trailing dot (`{{absolute}}`), or a glibc-based image; musl ends the search on any answer other than NXDOMAIN.',
    docs: {
      summary: 'musl (Alpine) aborts the search walk on NODATA or SERVFAIL, where glibc goes on to the next search domain.',
      example: 'From an Alpine pod `curl shop` stops at shop.svc.cluster.local, which CoreDNS answers NODATA (a namespace name), so the upstream name shop is never asked.',
    },
  },
  check(f) {
    if (f.flavour !== 'musl' || f.walk.answeredBy !== null || f.walk.notTried.length === 0) return [];
    const last = f.walk.steps.at(-1);
    if (!last || last.action !== 'abort' || last.outcome === 'NXDOMAIN') return [];
    return [{ data: { fqdn: last.fqdn, status: last.outcome ?? 'unknown', skipped: f.walk.notTried.map((c) => c.fqdn).join(', '), absolute: f.name.bare + '.' } }];
  },
});
