import { defineFinding } from '../finding.ts';
import { everyQueryTimedOut } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'upstream-forward-failure',
    severity: 'error',
    message: '{{fqdn}} is forwarded to {{upstreams}} and came back {{status}}.',
    hint: 'Check the upstream from a CoreDNS node (`dig @{{firstUpstream}} {{fqdn}}`), its reachability from the pod network, and the `forward` block\'s health_check and policy.',
    docs: {
      summary: 'Names outside the cluster are answered by CoreDNS\'s upstream; SERVFAIL or a timeout there is an upstream problem, not a Kubernetes one.',
      example: 'The VPC resolver is rate limiting CoreDNS (AWS allows 1024 packets per second per ENI) and answers turn into SERVFAIL under load.',
    },
  },
  check(f) {
    const out: { data: Record<string, string> }[] = [];
    // Every query timed out: the pod never reached CoreDNS, so the upstream is not to blame (dns-unreachable).
    if (everyQueryTimedOut(f)) return [];
    for (const c of f.candidates) {
      if (c.prediction.plugin !== 'forward' || !c.observed) continue;
      if (c.observed.status !== 'SERVFAIL' && c.observed.status !== 'TIMEOUT' && c.observed.status !== 'REFUSED') continue;
      const ups = c.prediction.upstreams ?? [];
      out.push({ data: { fqdn: c.candidate.fqdn, upstreams: ups.join(' ') || 'the upstream', firstUpstream: (ups[0] ?? 'UPSTREAM').replace('/etc/resolv.conf', 'NODE-RESOLVER'), status: c.observed.status } });
      break;
    }
    return out;
  },
});
