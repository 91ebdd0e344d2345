/**
 * The stub resolver's search-list walk: which names it asks for, in which order, and where it stops.
 *
 * glibc: resolv/res_query.c __res_context_search (res_nsearch) —
 *   a trailing dot: the name as is, only;
 *   dots >= ndots: the name as is first, then every search domain;
 *   dots <  ndots: every search domain, then the name as is;
 *   a "." (root) entry in the search list is the name as is, which is then not tried again.
 * musl: src/network/lookup_name.c name_from_dns_search —
 *   a trailing dot or dots >= ndots: the name as is, only (no search at all);
 *   otherwise every search domain, then the name as is.
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
}

/** Longest name (as text, without the final dot) a query can carry. */
const MAX_NAME_CHARS = 253;

function countDots(name: string): number {
  return [...name].filter((c) => c === '.').length;
}

function isRoot(domain: string): boolean {
  return domain === '.' || domain === '';
}

function searchCandidate(name: string, domain: string): Candidate | null {
  const bare = domain.replace(/\.$/, '');
  const text = `${name}.${bare}`;
  if (text.length > MAX_NAME_CHARS) return null;
  return { fqdn: toFqdn(text), kind: 'search', domain: bare };
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
  let triedAsIs = enoughDots;
  for (const domain of search) {
    if (isRoot(domain)) {
      if (!triedAsIs) out.push(absolute);
      triedAsIs = true;
      continue;
    }
    const c = searchCandidate(name, domain);
    if (c) out.push(c);
  }
  if (!triedAsIs) out.push(absolute);
  return out;
}

function muslCandidates(name: string, absolute: Candidate, enoughDots: boolean, search: readonly string[]): Candidate[] {
  if (enoughDots) return [absolute];
  const out: Candidate[] = [];
  for (const domain of search) {
    // musl appends the domain text as is: "." makes "name.." which it cannot encode, and the
    // lookup fails there (EAI_NONAME) without trying further names.
    if (isRoot(domain)) return out;
    const c = searchCandidate(name, domain);
    if (c) out.push(c);
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

/** The action for candidate `index`: the name tried as is before the search list has its own table. */
function actionFor(candidates: readonly Candidate[], index: number, outcome: ResolverOutcome, flavour: LibcFlavour): WalkAction {
  const c = candidates[index];
  const firstAbsolute = index === 0 && c?.kind === 'absolute';
  if (firstAbsolute && candidates.length === 1) return outcome === 'NOERROR' ? 'answer' : 'abort';
  return (firstAbsolute ? LIBC[flavour].onFirstAbsoluteOutcome : LIBC[flavour].onSearchOutcome)[outcome];
}

/** glibc's final h_errno: the first as-is query's, else NODATA if seen, else SERVFAIL if seen, else the last. */
function glibcFailure(steps: readonly WalkStep[]): ResolverOutcome {
  const first = steps[0];
  if (first && first.kind === 'absolute' && steps.length > 1 && first.outcome) return first.outcome;
  if (steps.some((s) => s.outcome === 'NODATA')) return 'NODATA';
  if (steps.some((s) => s.outcome === 'SERVFAIL')) return 'SERVFAIL';
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
      // Go on with the name as is, if it is still to come.
      const next = candidates.findIndex((x, j) => j >= i && x.kind === 'absolute');
      i = next === -1 ? candidates.length : next;
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
