import { defineCheck } from '../check.ts';

/** A first (uncached) answer slower than this is a WARN. */
export const SLOW_UPSTREAM_MS = 1000;

export default defineCheck({
  meta: {
    id: 'upstream-probe',
    title: 'CoreDNS resolves an external name through its upstream, quickly',
    hint: 'Check the forward plugin\'s upstreams (the Corefile\'s `forward . ...`, or the node\'s resolv.conf when it forwards to /etc/resolv.conf): are they reachable from the CoreDNS pods, and fast? Then look at coredns-logs for i/o timeouts.',
    docs: {
      summary:
        'Live only: through a port-forward to a ready CoreDNS pod (TCP, as `records --verify` does), asks a few A queries for an external name (`--upstream-name`, default kubernetes.io.) and times them. The first one goes through the forward plugin to the upstream resolvers; the next ones show CoreDNS\'s cache. SERVFAIL or no answer means names outside the cluster fail for every pod; a slow first answer is added to every uncached external lookup.',
      example: 'The Corefile forwards to /etc/resolv.conf and the nodes\' resolver is a VPC resolver that throttles at 1024 packets per second per interface; at peak the first answer takes 2.5 s and some queries get SERVFAIL.',
      sources: [
        'https://coredns.io/plugins/forward/ (health checks, max_fails, SERVFAIL when no upstream is healthy)',
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
      ],
    },
  },
  check(f) {
    const u = f.upstream;
    if (!u) return { status: 'skip', evidence: [f.live ? 'not asked (--no-upstream)' : 'offline: a snapshot has no DNS server to ask'] };
    if (!u.results) return { status: 'skip', evidence: [u.problem ?? 'no path to a CoreDNS pod'], ...(/RBAC|forbidden/i.test(u.problem ?? '') ? { hint: 'Grant create on pods/portforward (deploy/rbac.yaml\'s kubectl-dns-port-forward role).' } : {}) };
    const evidence = [`${u.results.length} A queries for ${u.name} via ${u.via}`];
    u.results.forEach((r, i) => evidence.push(`${i === 0 ? 'first (through the upstream)' : `#${i + 1} (cached)`}: ${r.status}${r.status === 'TIMEOUT' ? '' : ` in ${Math.round(r.ms)} ms`}${r.answers ? `, ${r.answers}` : ''}`));
    const failed = u.results.filter((r) => r.status === 'SERVFAIL' || r.status === 'TIMEOUT' || r.status === 'ERROR' || r.status === 'REFUSED');
    if (failed.length === u.results.length) return { status: 'fail', evidence };
    if (failed.length) return { status: 'warn', evidence };
    if ((u.results[0]?.ms ?? 0) > SLOW_UPSTREAM_MS) {
      evidence.push(`the upstream took more than ${SLOW_UPSTREAM_MS} ms`);
      return { status: 'warn', evidence };
    }
    return { status: 'ok', evidence };
  },
});
