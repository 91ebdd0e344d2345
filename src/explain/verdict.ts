/**
 * When a name that does not resolve is "undetermined" (CONTRACT: `resolved` false because it
 * could not be proven) and when it is a plain no. Pure.
 *
 * The walk stops at the first name whose answer cannot be predicted (an upstream resolver, a
 * node resolver, a zone file). That leaves the outcome open only when such an answer could be
 * the one the user wants. It cannot when:
 * - the pod has no nameserver: the C library asks 127.0.0.1 inside the pod, where nothing listens;
 * - the name is a cluster name (see isClusterName) and an error finding already says why the
 *   cluster cannot answer it (CoreDNS down, kube-dns without endpoints, dnsPolicy Default/None,
 *   the Service in another namespace, ...): whatever an upstream says about the leftover search
 *   names, it is not the cluster's answer.
 * A single label is a cluster name only as long as no search domain outside the cluster zone
 * reaches an unknown resolver (`web` → `web.corp.example` may be a corporate host).
 * `google.com` behind a NodeLocal DNSCache whose CoreDNS is down stays undetermined: node-cache
 * sends it to the node's upstream, which may well answer.
 */
import type { ExplainFinding } from '../shared/finding.ts';
import type { Facts } from './facts.ts';
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
  /** The name resolves (hosts file or DNS). */
  resolved: boolean;
  /** It does not resolve as far as the objects show, and nothing known decides it. */
  undetermined: boolean;
}

export function decideVerdict(f: Facts, findings: readonly ExplainFinding[]): Verdict {
  const resolved = isResolved(f);
  return { resolved, undetermined: !resolved && isUndetermined(f, findings) };
}
