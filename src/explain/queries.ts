/** Small pure readers over Facts that several findings and the steps share. */
import type { CandidateFacts, Facts } from './facts.ts';
import type { QueryStatus } from './types.ts';
import { looksLikeClusterName } from './facts/name.ts';

/** The status the walk used for a candidate: observed when a real query was sent, else predicted. */
export function effectiveStatus(c: CandidateFacts): QueryStatus | null {
  return c.observed ? c.observed.status : (c.outcome as QueryStatus | null);
}

/** The candidate that answered, if any. */
export function answeringCandidate(f: Facts): CandidateFacts | undefined {
  return f.walk.answeredBy === null ? undefined : f.candidates[f.walk.answeredBy];
}

/**
 * True when real queries were sent and every one of them timed out: the pod never reached a DNS
 * server. dns-unreachable reports that once; findings about single queries stay quiet then.
 */
export function everyQueryTimedOut(f: Facts): boolean {
  const sent = f.candidates.filter((c) => c.observed);
  return sent.length > 0 && sent.every((c) => c.observed!.status === 'TIMEOUT');
}

/**
 * True when the name resolves (hosts file or DNS): the walk stopped at an answer that carries
 * an address (observed, predicted, or assumed — verdict.assumptions says which). A NOERROR that
 * carries only a CNAME stops the walk too, without an address.
 */
export function isResolved(f: Facts): boolean {
  if (f.name.ip && f.pod) return true;
  if (f.hostsMatch !== null) return true;
  const c = answeringCandidate(f);
  return c !== undefined && c.hasData;
}

/** Candidates the resolver sends, in order (the walk's steps, then — when the walk hit an unknown — the rest). */
export function triedCandidates(f: Facts): CandidateFacts[] {
  if (f.hostsMatch || !f.pod || f.name.ip) return [];
  const tried = f.walk.steps.map((s) => f.candidates[s.index]!);
  if (f.walk.result === 'UNKNOWN') {
    const seen = new Set(f.walk.steps.map((s) => s.index));
    f.candidates.forEach((c, i) => {
      if (!seen.has(i)) tried.push(c);
    });
  }
  return tried;
}

/**
 * True when the name can only mean something the cluster DNS serves: anything under the cluster
 * domain, a single label (a Service of the pod's namespace), or a name whose last label — before
 * a final `svc` or `pod` — is a namespace (`web.shop`, `db-0.db.shop`, `web.shop.svc`). When the
 * view lists no namespace, those of its pods and Services count. `google.com` is not one.
 */
export function isClusterName(f: Facts): boolean {
  const known = f.view.namespaces.length
    ? f.view.namespaces.map((n) => n.name)
    : [...f.view.pods.map((p) => p.namespace), ...f.view.services.map((s) => s.namespace)];
  return looksLikeClusterName(f.name, f.clusterDomain, known);
}

/**
 * Where NodeLocal DNSCache sends the cluster zone, in words: its -upstreamsvc Service (the
 * upstream manifest's kube-dns-upstream, with the ClusterIP when known), else the kube-dns Service.
 */
export function nodeLocalUpstream(f: Facts): string {
  const nl = f.nodelocal;
  if (nl?.upstreamService) return `CoreDNS through Service ${nl.upstreamService}${nl.upstreamIP ? ` (${nl.upstreamIP})` : ''}`;
  return f.dnsServiceIP ? `the kube-dns Service (${f.dnsServiceIP})` : 'CoreDNS';
}

/** Splits an FQDN under `<svc>.<ns>.svc.<domain>.` into service and namespace, if it has that shape. */
export function serviceNameOf(fqdn: string, domain: string): { service: string; namespace: string } | undefined {
  const suffix = `.svc.${domain}.`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length < 2) return undefined;
  const namespace = labels[labels.length - 1]!;
  const service = labels[labels.length - 2]!;
  return { service, namespace };
}

/** The Service the user most likely means: the first label of the name, or the label before a namespace. */
export function intendedService(f: Facts): { service: string; namespace?: string } {
  const bare = f.name.lower;
  const domainSuffix = `.svc.${f.clusterDomain}`;
  const base = bare.endsWith(domainSuffix) ? bare.slice(0, -domainSuffix.length) : bare.endsWith('.svc') ? bare.slice(0, -4) : bare;
  const labels = base.split('.');
  if (labels.length >= 2) return { service: labels[labels.length - 2]!, namespace: labels[labels.length - 1]! };
  return { service: labels[0]! };
}
