/**
 * Search lists that a C library cannot read in full. The kubelet's own limits (32 paths /
 * 2048 characters, KUBELET_DNS_LIMITS) are applied while the file is written; these are the
 * limits of the readers inside the container:
 * - musl (src/network/resolvconf.c): a resolv.conf line that does not fit its 256-byte line
 *   buffer (more than 254 characters) is skipped entirely — the pod then has no search list;
 * - glibc before 2.26 (resolv/res_init.c, MAXDNSRCH 6 and the 256-byte defdname buffer): only
 *   the first 6 domains, and only what fits in 255 characters, are used.
 * glibc 2.26 and later has no such limit.
 */
import { LIBC } from './libc.ts';

export interface SearchLimitProblem {
  resolver: 'musl' | 'glibc<2.26';
  message: string;
  /** The search domains this resolver never uses. */
  dropped: string[];
}

export const GLIBC_BEFORE_2_26 = { maxSearchDomains: 6, maxSearchChars: 255 } as const;

/** What each resolver loses of a search list (as the kubelet writes it: "search a b c"). */
export function searchLimitProblems(search: readonly string[]): SearchLimitProblem[] {
  const problems: SearchLimitProblem[] = [];
  const line = `search ${search.join(' ')}`;
  const muslMax = LIBC.musl.maxLineChars ?? Infinity;
  if (search.length > 0 && line.length > muslMax) {
    problems.push({
      resolver: 'musl',
      message: `The search line is ${line.length} characters long; musl (Alpine) skips lines over ${muslMax} characters, so the pod has no search list at all.`,
      dropped: [...search],
    });
  }
  const kept = glibcLegacyKept(search);
  if (kept < search.length) {
    problems.push({
      resolver: 'glibc<2.26',
      message: `glibc before 2.26 uses only the first ${kept} of ${search.length} search domains (at most ${GLIBC_BEFORE_2_26.maxSearchDomains} domains in ${GLIBC_BEFORE_2_26.maxSearchChars} characters).`,
      dropped: search.slice(kept),
    });
  }
  return problems;
}

/** How many leading domains old glibc keeps: at most 6, each ending within 255 characters. */
function glibcLegacyKept(search: readonly string[]): number {
  let used = 0;
  let kept = 0;
  for (const domain of search) {
    const end = used + domain.length;
    if (kept >= GLIBC_BEFORE_2_26.maxSearchDomains || end > GLIBC_BEFORE_2_26.maxSearchChars) break;
    used = end + 1;
    kept++;
  }
  return kept;
}
