/**
 * The verdict (CONTRACT: `verdict.status` resolves / does-not-resolve / undetermined, and
 * `verdict.assumptions`). Pure.
 *
 * An answer only an upstream resolver knows is not a dead end: the predictions step gives it the
 * answer it most likely has (facts/predictions.ts: NXDOMAIN for a cluster name under a foreign
 * domain or asked as is, an address for a public name, the target of an ExternalName CNAME
 * resolved) and marks it assumed, so the walk is reasoned to its end; the verdict lists every
 * assumption the walk used, with what happens if it is wrong. Undetermined is left for walks that
 * still hit an answer nobody can guess (a nameserver that is not the cluster DNS, a zone file),
 * and even then not when:
 * - the pod has no nameserver: the C library asks 127.0.0.1 inside the pod, where nothing listens;
 * - the name is a cluster name (see isClusterName) and an error finding already says why the
 *   cluster cannot answer it (CoreDNS down, kube-dns without endpoints, dnsPolicy Default/None,
 *   the Service in another namespace, ...): whatever an upstream says about the leftover search
 *   names, it is not the cluster's answer.
 * A single label is a cluster name only as long as no search domain outside the cluster zone
 * reaches an unknown resolver (`web` → `web.corp.example` may be a corporate host).
 */
import type { ExplainFinding } from '../shared/finding.ts';
import type { Facts } from './facts.ts';
import type { VerdictAssumption, VerdictStatus } from './types.ts';
import { isClusterName, isResolved, triedCandidates } from './queries.ts';
import { isSubdomain } from '../shared/fqdn.ts';

/** Error findings that do not say why this name fails (they can be true while it resolves). */
const NOT_ABOUT_THE_NAME = new Set([
  // A lint error anywhere in the Corefile; CoreDNS may still run the old one.
  'corefile-lint-error',
  // Log lines; the pods may be ready again.
  'coredns-loop-detected',
]);

/**
 * A single label (`web`) is also a host name under every search domain: when the walk hands
 * `web.corp.example` (a node or dnsConfig search domain outside the cluster zone) to a resolver
 * whose answer is unknown, that resolver may well answer it, whatever the cluster says.
 */
export function upstreamMayAnswerSingleLabel(f: Facts): boolean {
  if (f.name.dots > 0 || f.name.absolute) return false;
  const zone = `${f.clusterDomain}.`;
  return triedCandidates(f).some((c) => c.candidate.kind === 'search' && !isSubdomain(c.candidate.fqdn, zone) && (c.observed ? c.observed.status : c.predicted) === null);
}

/** The error finding that decides the outcome offline, if any. */
export function decidingError(f: Facts, findings: readonly ExplainFinding[]): ExplainFinding | undefined {
  if (upstreamMayAnswerSingleLabel(f)) return undefined;
  // name-in-other-namespace found the name as a cluster name in another namespace (`db-0.db`).
  if (!isClusterName(f) && !findings.some((x) => x.id === 'name-in-other-namespace')) return undefined;
  return findings.find((x) => x.severity === 'error' && !NOT_ABOUT_THE_NAME.has(x.id));
}

/** True when the name does not resolve and nothing known decides it: the walk hangs on an unknown answer. */
export function isUndetermined(f: Facts, findings: readonly ExplainFinding[]): boolean {
  if (!f.pod || f.hostsMatch || f.walk.answeredBy !== null || f.walk.result !== 'UNKNOWN') return false;
  // No nameserver: 127.0.0.1 inside the pod answers nothing; on the host network it is the node's own resolver (unknown).
  if (f.path === 'none' && !f.pod.hostNetwork) return false;
  return decidingError(f, findings) === undefined;
}

/** What diagnose concludes about the name, from the facts and the findings. */
export interface Verdict {
  status: VerdictStatus;
  /** The name resolves (hosts file or DNS), under the assumptions. */
  resolved: boolean;
  /** It does not resolve as far as the objects show, and nothing known decides it. */
  undetermined: boolean;
  assumptions: VerdictAssumption[];
}

/**
 * The assumptions the walk used: for each name it sends, each query answered by an assumption
 * rather than a prediction or an observation; and for the answering name, the address part of a
 * CNAME to an outside target. Names the resolver never sends are not listed.
 */
export function assumptionsOf(f: Facts): VerdictAssumption[] {
  if (f.hostsMatch || !f.pod || f.name.ip) return [];
  const out: VerdictAssumption[] = [];
  const answering = f.walk.answeredBy;
  for (const step of f.walk.steps) {
    const c = f.candidates[step.index]!;
    for (const t of c.types) {
      const a = t.assumption;
      if (!a || t.observed) continue;
      const cname = t.predicted !== null;
      if (cname && step.index !== answering) continue;
      out.push({ fqdn: a.fqdn, type: a.type, assumed: a.status, why: a.why, ifWrong: a.ifWrong });
    }
  }
  return out;
}

export function decideVerdict(f: Facts, findings: readonly ExplainFinding[]): Verdict {
  const resolved = isResolved(f);
  const undetermined = !resolved && isUndetermined(f, findings);
  const assumptions = undetermined ? [] : assumptionsOf(f);
  return { status: resolved ? 'resolves' : undetermined ? 'undetermined' : 'does-not-resolve', resolved, undetermined, assumptions };
}
