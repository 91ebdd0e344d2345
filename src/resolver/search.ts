/**
 * The stub resolver's search-list walk: which names it asks for, in which order, and where it stops.
 *
 * glibc: resolv/res_query.c __res_context_search (res_nsearch) —
 *   a trailing dot: the name as is, only;
 *   dots >= ndots: the name as is first, then every search domain;
 *   dots <  ndots: every search domain, then the name as is;
 *   a "." (root) entry in the search list queries the name as is where it stands in the list
 *   (`if (dname[0] == '\0') root_on_list++`) — even when it was already tried first — and, once
 *   reached, the name as is is not tried again at the end (`!(tried_as_is || root_on_list)`);
 *   a search name too long to encode (over 253 characters) fails in res_nmkquery with
 *   NO_RECOVERY, which ends the search list walk (`default: done++`) without a query; the name
 *   as is is still tried after it.
 * musl: src/network/lookup_name.c name_from_dns_search —
 *   a trailing dot or dots >= ndots: the name as is, only (no search at all);
 *   otherwise every search domain, then the name as is; a name + domain of 256 characters or
 *   more is skipped (`if (z-p < 256 - l - 1)`), one of 254-255 fails in __res_mkquery
 *   (`l>253`) and name_from_dns returns EAI_NONAME, which ends the lookup.
 * What each answer does to the walk is the LIBC table (libc.ts).
 */
import { toFqdn, type Fqdn } from '../shared/fqdn.ts';
import { LIBC, type LibcFlavour, type ResolverOutcome, type WalkAction } from './libc.ts';
import { hasOption, type ResolvConf } from './resolv-conf.ts';

export interface Candidate {
  fqdn: Fqdn;
  /** 'search': NAME + a search domain; 'absolute': NAME as is. */
  kind: 'search' | 'absolute';
  /** The search domain used (for kind 'search'). */
  domain?: string;
  /** glibc: the name as is, sent for a "." entry of the search list (part of the search walk). */
  root?: true;
}

/** Longest name (as text, without the final dot) a query can carry. */
const MAX_NAME_CHARS = 253;

function countDots(name: string): number {
  return [...name].filter((c) => c === '.').length;
}

function isRoot(domain: string): boolean {
  return domain === '.' || domain === '';
}

function searchText(name: string, domain: string): { text: string; bare: string } {
  const bare = domain.replace(/\.$/, '');
  return { text: `${name}.${bare}`, bare };
}

/** The names the stub resolver asks for, in order. `name` is as the program passed it. */
export function candidateNames(name: string, conf: Pick<ResolvConf, 'search' | 'ndots'>, flavour: LibcFlavour): Candidate[] {
  const absolute: Candidate = { fqdn: toFqdn(name), kind: 'absolute' };
  if (name.endsWith('.')) return [absolute];
  const enoughDots = countDots(name) >= conf.ndots;
  return flavour === 'glibc' ? glibcCandidates(name, absolute, enoughDots, conf.search) : muslCandidates(name, absolute, enoughDots, conf.search);
}

function glibcCandidates(name: string, absolute: Candidate, enoughDots: boolean, search: readonly string[]): Candidate[] {
  const out: Candidate[] = enoughDots ? [absolute] : [];
  let asIsDone = enoughDots;
  for (const domain of search) {
    if (isRoot(domain)) {
      // res_query.c: the root entry is queried in its place (again if already tried first).
      out.push({ ...absolute, root: true });
      asIsDone = true;
      continue;
    }
    const { text, bare } = searchText(name, domain);
    // res_nmkquery cannot encode it: NO_RECOVERY ends the search list walk, no query is sent.
    if (text.length > MAX_NAME_CHARS) break;
    out.push({ fqdn: toFqdn(text), kind: 'search', domain: bare });
  }
  if (!asIsDone) out.push(absolute);
  return out;
}

function muslCandidates(name: string, absolute: Candidate, enoughDots: boolean, search: readonly string[]): Candidate[] {
  if (enoughDots) return [absolute];
  const out: Candidate[] = [];
  for (const domain of search) {
    // musl appends the domain text as is: "." makes "name.." which it cannot encode, and the
    // lookup fails there (EAI_NONAME) without trying further names.
    if (isRoot(domain)) return out;
    const { text, bare } = searchText(name, domain);
    // name_from_dns_search skips name + domain of 256 characters or more ...
    if (text.length >= 256) continue;
    // ... and __res_mkquery rejects 254-255 (l > 253): EAI_NONAME ends the lookup.
    if (text.length > MAX_NAME_CHARS) return out;
    out.push({ fqdn: toFqdn(text), kind: 'search', domain: bare });
  }
  out.push(absolute);
  return out;
}

export interface WalkStep extends Candidate {
  /** Position in the candidate list. */
  index: number;
  /** null when the outcome could not be predicted (the walk stops there). */
  outcome: ResolverOutcome | null;
  /** Queries sent for this name (A and AAAA count separately). */
  queries: number;
  action: WalkAction | 'unknown';
}

export interface WalkResult {
  /** The candidates actually asked for, in order. */
  steps: WalkStep[];
  /** Index (in the candidates) of the name that answered, or null. */
  answeredBy: number | null;
  /** NOERROR when answered; else what the resolver reports (UNKNOWN when a prediction is missing). */
  result: ResolverOutcome | 'UNKNOWN';
  /** Queries per name: 2 for A + AAAA (getaddrinfo AF_UNSPEC), 1 for a single family. */
  queriesPerName: number;
  queriesSent: number;
  /** Queries sent for names that did not answer (all of them when nothing answered). */
  wastedQueries: number;
  /** Candidates never asked for (the walk stopped first). */
  notTried: Candidate[];
}

export interface WalkOptions {
  flavour?: LibcFlavour;
  /** getaddrinfo's family: 'any' (AF_UNSPEC, the default of curl, ping, most programs). */
  family?: 'ipv4' | 'ipv6' | 'any';
  /** The resolv.conf options in effect (glibc >= 2.36 "no-aaaa" suppresses AAAA queries). */
  conf?: Pick<ResolvConf, 'options'>;
}

function queriesPerName(opts: WalkOptions): number {
  const flavour = opts.flavour ?? 'glibc';
  if ((opts.family ?? 'any') !== 'any') return 1;
  if (flavour === 'glibc' && opts.conf && hasOption(opts.conf, 'no-aaaa')) return 1;
  return 2;
}

/** glibc's initial query of the name as is (dots >= ndots), before the search list: `tried_as_is`. */
function isInitialAsIs(c: Candidate | undefined, index: number): boolean {
  return index === 0 && c?.kind === 'absolute' && c.root !== true;
}

/** The action for candidate `index`: the name tried as is before the search list has its own table. */
function actionFor(candidates: readonly Candidate[], index: number, outcome: ResolverOutcome, flavour: LibcFlavour): WalkAction {
  const c = candidates[index];
  const firstAbsolute = isInitialAsIs(c, index);
  if (candidates.length === 1) return outcome === 'NOERROR' ? 'answer' : 'abort';
  return (firstAbsolute ? LIBC[flavour].onFirstAbsoluteOutcome : LIBC[flavour].onSearchOutcome)[outcome];
}

/**
 * glibc's final h_errno (res_query.c, end of __res_context_search): the initial as-is query's
 * (saved_herrno), else NODATA if a search-list name got it (got_nodata), else SERVFAIL if one got
 * it (got_servfail), else the last query's. The final as-is query does not count for got_*.
 */
function glibcFailure(steps: readonly WalkStep[]): ResolverOutcome {
  const first = steps[0];
  if (first && isInitialAsIs(first, first.index) && first.outcome) return first.outcome;
  const searchLoop = steps.filter((s) => s.kind === 'search' || s.root === true);
  if (searchLoop.some((s) => s.outcome === 'NODATA')) return 'NODATA';
  if (searchLoop.some((s) => s.outcome === 'SERVFAIL')) return 'SERVFAIL';
  return steps.at(-1)?.outcome ?? 'NXDOMAIN';
}

/**
 * Walks the candidates given what each name returns (`outcomes[i]` for `candidates[i]`; null or
 * missing = cannot be predicted) and reports which one answers and what the walk costs.
 */
export function walkResolution(
  candidates: readonly Candidate[],
  outcomes: readonly (ResolverOutcome | null | undefined)[],
  opts: WalkOptions = {},
): WalkResult {
  const flavour = opts.flavour ?? 'glibc';
  const perName = queriesPerName(opts);
  const steps: WalkStep[] = [];
  let answeredBy: number | null = null;
  let ended: ResolverOutcome | 'UNKNOWN' | null = null;
  let i = 0;
  while (i < candidates.length) {
    const c = candidates[i] as Candidate;
    const outcome = outcomes[i] ?? null;
    if (outcome === null) {
      steps.push({ ...c, index: i, outcome: null, queries: perName, action: 'unknown' });
      ended = 'UNKNOWN';
      i++;
      break;
    }
    const action = actionFor(candidates, i, outcome, flavour);
    steps.push({ ...c, index: i, outcome, queries: perName, action });
    i++;
    if (action === 'answer') {
      answeredBy = i - 1;
      ended = 'NOERROR';
      break;
    }
    if (action === 'abort') {
      ended = outcome;
      break;
    }
    if (action === 'skip-search') {
      // glibc: `done++` ends the search loop; the name as is follows once, unless it was tried
      // first or a "." entry already sent it. It is the last query either way.
      const asIsDone = steps.some((s) => s.kind === 'absolute');
      const next = asIsDone ? -1 : candidates.findIndex((x, j) => j >= i && x.kind === 'absolute');
      if (next === -1) break;
      const last = candidates[next] as Candidate;
      const lastOutcome = outcomes[next] ?? null;
      if (lastOutcome === null) {
        steps.push({ ...last, index: next, outcome: null, queries: perName, action: 'unknown' });
        ended = 'UNKNOWN';
        break;
      }
      const lastAction: WalkAction = lastOutcome === 'NOERROR' ? 'answer' : 'abort';
      steps.push({ ...last, index: next, outcome: lastOutcome, queries: perName, action: lastAction });
      if (lastAction === 'answer') {
        answeredBy = next;
        ended = 'NOERROR';
      }
      break;
    }
  }
  const queriesSent = steps.reduce((n, s) => n + s.queries, 0);
  const answerQueries = answeredBy === null ? 0 : perName;
  const tried = new Set(steps.map((s) => s.index));
  return {
    steps,
    answeredBy,
    result: ended ?? glibcOrMuslFailure(steps, flavour),
    queriesPerName: perName,
    queriesSent,
    wastedQueries: queriesSent - answerQueries,
    notTried: candidates.filter((_, j) => !tried.has(j)),
  };
}

function glibcOrMuslFailure(steps: readonly WalkStep[], flavour: LibcFlavour): ResolverOutcome {
  if (flavour === 'glibc') return glibcFailure(steps);
  return steps.at(-1)?.outcome ?? 'NXDOMAIN';
}
