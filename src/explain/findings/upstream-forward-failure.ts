import { defineFinding } from '../finding.ts';
import { everyQueryTimedOut, triedCandidates } from '../queries.ts';
import { digCommand, resolveUpstreams, serverText } from '../upstreams.ts';

export default defineFinding({
  meta: {
    id: 'upstream-forward-failure',
    severity: 'error',
    message: '{{fqdn}} is forwarded to {{upstreams}} and came back {{status}}.',
    hint: 'Check the upstream from a CoreDNS node (`{{dig}}`), its reachability from the pod network, and the `forward` block\'s health_check and policy.',
    docs: {
      summary: 'Names outside the cluster are answered by CoreDNS\'s upstream; SERVFAIL or a timeout there is an upstream problem, not a Kubernetes one.',
      example: 'The VPC resolver is rate limiting CoreDNS (AWS allows 1024 packets per second per ENI) and answers turn into SERVFAIL under load.',
    },
  },
  check(f) {
    const out: { data: Record<string, string>; hint?: string }[] = [];
    // Every query timed out: the pod never reached CoreDNS, so the upstream is not to blame (dns-unreachable).
    if (everyQueryTimedOut(f)) return [];
    // Only names the resolver really sends: a failure past the answer never reaches the application.
    for (const c of triedCandidates(f)) {
      if (c.prediction.plugin !== 'forward' || !c.observed) continue;
      if (c.observed.status !== 'SERVFAIL' && c.observed.status !== 'TIMEOUT' && c.observed.status !== 'REFUSED') continue;
      // `forward . /etc/resolv.conf`: name the servers in that file when the node's resolv.conf is known.
      const ups = resolveUpstreams(f, c.prediction.upstreams ?? []);
      const upstreams = ups.map((u) => (u.from && u.servers.length ? `${u.text} (${u.servers.map(serverText).join(', ')})` : u.text)).join(' ') || 'the upstream';
      const first = ups.flatMap((u) => u.servers)[0];
      const data = { fqdn: c.candidate.fqdn, upstreams, status: c.observed.status, dig: first ? digCommand(first, c.candidate.fqdn) : `dig @NODE-RESOLVER ${c.candidate.fqdn}` };
      out.push(
        first
          ? { data }
          : { data, hint: 'Check the upstream from a CoreDNS node (`{{dig}}`, NODE-RESOLVER being a nameserver in the resolv.conf of the node CoreDNS runs on, which kubectl-dns could not read), its reachability from the pod network, and the `forward` block\'s health_check and policy.' },
      );
      break;
    }
    return out;
  },
});
