/**
 * How the two C libraries found in container images read resolv.conf and walk the search
 * list — as data, so the parser and the walk stay table-driven and the differences can be
 * printed by `explain`.
 *
 * Sources:
 * - glibc: resolv/res_init.c (MAXNS, RES_MAXNDOTS, RES_MAXRETRANS, RES_MAXRETRY, res_setoptions),
 *   resolv/res_query.c (__res_context_search: the search walk), man 5 resolv.conf.
 * - musl: src/network/resolvconf.c (__get_resolv_conf) and src/network/lookup_name.c
 *   (name_from_dns, name_from_dns_search).
 */

export type LibcFlavour = 'glibc' | 'musl';

/**
 * What one candidate query (A and AAAA for the same name) came back with. NOERROR = with data.
 * CONNREFUSED: no DNS server listens at the address (ICMP port unreachable) — glibc's connected
 * UDP socket sees it at once (res_send.c reopen: "we get an ECONNREFUSED error"); musl's
 * unconnected socket never does and waits for the timeout instead (TIMEOUT).
 */
export type ResolverOutcome = 'NOERROR' | 'NODATA' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'CONNREFUSED';

/**
 * What the stub resolver does after a candidate's outcome:
 * - `answer`: stop, the name resolved;
 * - `continue`: try the next candidate;
 * - `skip-search`: stop walking the search list but still try the name as is if not tried yet
 *   (glibc: "stop searching up, but try the input name below in case it's fully-qualified");
 * - `abort`: stop, the lookup fails with this outcome.
 */
export type WalkAction = 'answer' | 'continue' | 'skip-search' | 'abort';

export interface LibcBehaviour {
  /** Nameserver lines beyond this count are ignored. */
  maxNameservers: number;
  /** How the nameservers are asked. */
  nameserverOrder: 'sequential' | 'parallel';
  /** Default and maximum of `options ndots:` / `timeout:` / `attempts:`. */
  ndots: { default: number; max: number };
  timeoutSeconds: { default: number; max: number };
  attempts: { default: number; max: number };
  /** Longest resolv.conf line the library reads at all (longer lines are dropped), or null. */
  maxLineChars: number | null;
  /** Longest search line it keeps, or null when unlimited. */
  maxSearchChars: number | null;
  /** Largest number of search domains, or null when unlimited. */
  maxSearchDomains: number | null;
  /** With at least ndots dots: also walk the search list after the name as is fails? */
  searchWhenEnoughDots: boolean;
  /** What each outcome of a search-list candidate does. */
  onSearchOutcome: Record<ResolverOutcome, WalkAction>;
  /** What each outcome of the name tried as is (before the search list) does. */
  onFirstAbsoluteOutcome: Record<ResolverOutcome, WalkAction>;
  /** The `options` the library understands (anything else is ignored). */
  knownOptions: readonly string[];
  /** Plain-language differences to show a user. */
  notes: readonly string[];
}

export const LIBC: Record<LibcFlavour, LibcBehaviour> = {
  glibc: {
    maxNameservers: 3, // MAXNS
    nameserverOrder: 'sequential',
    ndots: { default: 1, max: 15 }, // RES_MAXNDOTS
    timeoutSeconds: { default: 5, max: 30 }, // RES_TIMEOUT, RES_MAXRETRANS
    attempts: { default: 2, max: 5 }, // RES_DFLRETRY, RES_MAXRETRY
    maxLineChars: null,
    // glibc >= 2.26 allocates the search list dynamically (before: MAXDNSRCH 6 domains, 256 chars).
    maxSearchChars: null,
    maxSearchDomains: null,
    searchWhenEnoughDots: true,
    onSearchOutcome: {
      NOERROR: 'answer',
      NXDOMAIN: 'continue',
      // NO_DATA: "keep trying, otherwise a wildcard entry of another type could keep us from finding this entry".
      NODATA: 'continue',
      // TRY_AGAIN with rcode SERVFAIL: "try next search element, if any".
      SERVFAIL: 'continue',
      // Any other error: stop searching up, but try the input name as is.
      TIMEOUT: 'skip-search',
      REFUSED: 'skip-search',
      // res_query.c: `if (errno == ECONNREFUSED) { RES_SET_H_ERRNO(statp, TRY_AGAIN); return (-1); }` — "If no server present, give up."
      CONNREFUSED: 'abort',
    },
    onFirstAbsoluteOutcome: {
      NOERROR: 'answer',
      NXDOMAIN: 'continue',
      NODATA: 'continue',
      SERVFAIL: 'continue',
      TIMEOUT: 'continue',
      REFUSED: 'continue',
      // The initial as-is query only saves h_errno; the ECONNREFUSED check is in the search loop.
      CONNREFUSED: 'continue',
    },
    knownOptions: [
      'ndots', 'timeout', 'attempts', 'debug', 'rotate', 'edns0', 'single-request', 'single-request-reopen',
      'no-tld-query', 'use-vc', 'no-reload', 'trust-ad', 'no-aaaa',
    ],
    notes: [
      'glibc reads at most 3 nameservers and asks them one after another (round robin with "options rotate").',
      'glibc sends A and AAAA in parallel on one socket unless "options single-request" (or single-request-reopen) is set.',
      'glibc walks the search list on NXDOMAIN, NODATA and SERVFAIL; a timeout ends the search list walk.',
      'glibc takes an address from either the A or the AAAA reply; with neither, the A reply\'s rcode decides (the AAAA one when A is NOERROR).',
      'glibc falls back to TCP when an answer is truncated.',
    ],
  },
  musl: {
    maxNameservers: 3, // MAXNS in resolvconf.c
    nameserverOrder: 'parallel',
    ndots: { default: 1, max: 15 },
    timeoutSeconds: { default: 5, max: 60 },
    attempts: { default: 2, max: 10 },
    // fgets into a 256-byte buffer; a line that does not fit is skipped entirely.
    maxLineChars: 254,
    maxSearchChars: 255,
    maxSearchDomains: null,
    // name_from_dns_search: "suppress search when >=ndots".
    searchWhenEnoughDots: false,
    onSearchOutcome: {
      NOERROR: 'answer',
      // name_from_dns returns 0 (try the next name) only when a reply is NXDOMAIN.
      NXDOMAIN: 'continue',
      // NOERROR without addresses: EAI_NONAME — the walk ends (the name exists).
      NODATA: 'abort',
      SERVFAIL: 'abort', // EAI_AGAIN
      TIMEOUT: 'abort', // EAI_AGAIN
      REFUSED: 'abort', // EAI_FAIL
      CONNREFUSED: 'abort', // not seen by musl's unconnected socket (it times out); listed for completeness
    },
    onFirstAbsoluteOutcome: {
      NOERROR: 'answer',
      NXDOMAIN: 'abort',
      NODATA: 'abort',
      SERVFAIL: 'abort',
      TIMEOUT: 'abort',
      REFUSED: 'abort',
      CONNREFUSED: 'abort',
    },
    knownOptions: ['ndots', 'timeout', 'attempts'],
    notes: [
      'musl (Alpine) reads at most 3 nameservers and asks all of them in parallel, taking the first answer.',
      'musl uses the search list only for names with fewer dots than ndots; other names are tried as is only.',
      'musl stops the search list walk on anything but NXDOMAIN: NODATA, SERVFAIL or a timeout ends the lookup.',
      'musl asks A and AAAA together and reads both rcodes before any address: a failed or NXDOMAIN AAAA reply throws an A answer away.',
      'musl ignores resolv.conf lines longer than 254 characters, so a long search line is dropped entirely.',
      'musl ignores the options rotate, single-request, use-vc, edns0 and trust-ad; it falls back to TCP only since 1.2.4.',
      'musl rejects names with characters other than letters, digits, "-" and "." before sending a query (no "_").',
    ],
  },
};

/** One query of a name's getaddrinfo pair (A or AAAA): its status and whether it carried an address. */
export interface TypedOutcome {
  /** null: unknown. NOERROR with hasData false is a NOERROR without addresses (NODATA, or a CNAME alone). */
  status: ResolverOutcome | null;
  hasData: boolean;
}

/**
 * What one candidate name comes to when getaddrinfo (AF_UNSPEC) asks A and AAAA for it, both
 * sent at once (glibc on one socket unless `single-request`; musl always), `parts` in the order
 * sent (A first). The result is what the search walk (LIBC[flavour].onSearchOutcome) sees.
 *
 * - glibc, resolv/res_query.c __res_context_query: an answer with records in either reply is a
 *   success (`goto success`); else the rcode of the first reply decides, or of the second when the
 *   first is NOERROR (`hp->rcode == NOERROR ? hp2->rcode : hp->rcode`): NXDOMAIN → HOST_NOT_FOUND,
 *   SERVFAIL → TRY_AGAIN, NOERROR → NO_DATA, REFUSED → NO_RECOVERY. A send that fails (timeout,
 *   connection refused) is TRY_AGAIN before any rcode is read.
 * - musl, src/network/lookup_name.c name_from_dns: each reply in turn (A, then AAAA): none or
 *   SERVFAIL → EAI_AGAIN (the lookup ends), NXDOMAIN → 0 (next search name), any other non-zero
 *   rcode → EAI_FAIL; only then are addresses counted, and none is EAI_NONAME (the lookup ends).
 *   So an A answer with addresses is thrown away when the AAAA query fails or says NXDOMAIN.
 * A NOERROR that carries only a CNAME (an ExternalName whose target did not resolve) stops the
 * walk in both: glibc counts answer records, not addresses; musl returns EAI_NONAME.
 */
export function combineAddressQueries(flavour: LibcFlavour, parts: readonly TypedOutcome[]): { outcome: ResolverOutcome | null; hasData: boolean } {
  const hasData = parts.some((p) => p.status === 'NOERROR' && p.hasData);
  if (parts.length === 1) return { outcome: parts[0]!.status, hasData };
  if (flavour === 'musl') {
    for (const p of parts) {
      if (p.status === null) return { outcome: null, hasData: false };
      if (p.status === 'TIMEOUT' || p.status === 'SERVFAIL' || p.status === 'CONNREFUSED') return { outcome: p.status, hasData: false };
      if (p.status === 'NXDOMAIN') return { outcome: 'NXDOMAIN', hasData: false };
      if (p.status === 'REFUSED') return { outcome: 'REFUSED', hasData: false };
    }
    // NOERROR with an answer record but no address (a lone CNAME) still ends the walk as an answer without address.
    const answered = parts.some((p) => p.status === 'NOERROR');
    return { outcome: hasData || answered ? 'NOERROR' : 'NODATA', hasData };
  }
  if (hasData) return { outcome: 'NOERROR', hasData };
  if (parts.some((p) => p.status === null)) return { outcome: null, hasData: false };
  const failed = parts.find((p) => p.status === 'TIMEOUT' || p.status === 'CONNREFUSED');
  if (failed) return { outcome: failed.status, hasData: false };
  // A NOERROR with records but no address (a lone CNAME): ancount != 0 is a success for res_query.
  if (parts.some((p) => p.status === 'NOERROR')) return { outcome: 'NOERROR', hasData: false };
  const [first, second] = parts as [TypedOutcome, TypedOutcome];
  return { outcome: first.status === 'NODATA' ? second.status : first.status, hasData: false };
}
