/**
 * Step 7: the stub resolver's walk over the candidates, given what each returned (observed) or
 * is predicted to return. Pure.
 */
import { walkResolution, type WalkResult } from '../../resolver/search.ts';
import type { LibcFlavour } from '../../resolver/libc.ts';
import type { ResolvConf } from '../../resolver/resolv-conf.ts';
import type { CandidateFacts } from './predictions.ts';
import type { NameserverFacts } from './nameservers.ts';

export interface WalkFacts {
  walk: WalkResult;
  /** True when the walk used observed outcomes (real queries). */
  walkObserved: boolean;
}

export function walkCandidates(candidates: readonly CandidateFacts[], o: { flavour: LibcFlavour; resolv: ResolvConf; path: NameserverFacts['path']; hostNetwork: boolean; typesPerName: number }): WalkFacts {
  // Nothing listens at 127.0.0.1:53 in the pod: glibc's connected socket gets ECONNREFUSED (it gives up at once), musl times out.
  const refused = o.path === 'none' && !o.hostNetwork && o.flavour === 'glibc';
  const outcomes = candidates.map((c) => (c.observed ? c.observed.status : refused ? 'CONNREFUSED' : c.outcome));
  const walk = walkResolution(
    candidates.map((c) => c.candidate),
    outcomes,
    { flavour: o.flavour, conf: o.resolv, family: o.typesPerName === 1 ? 'ipv4' : 'any' },
  );
  return { walk, walkObserved: candidates.some((c) => c.observed) };
}
