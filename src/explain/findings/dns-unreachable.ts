import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'dns-unreachable',
    severity: 'error',
    message: 'No query got an answer from {{server}} ({{count}} timed out).',
    hint: 'The DNS pods are not reachable on port 53 from {{from}}: check NetworkPolicies, kube-proxy on the node, and that CoreDNS pods are running.',
    docs: {
      summary: 'When every query times out the problem is the path to the DNS server, not the name.',
      example: 'kube-proxy on the node is crash-looping, so the kube-dns Service IP is not translated to any CoreDNS pod.',
    },
  },
  check(f) {
    const sent = f.candidates.filter((c) => c.observed);
    if (sent.length === 0 || !sent.every((c) => c.observed!.status === 'TIMEOUT')) return [];
    // The objects predicted these timeouts (CoreDNS down, kube-dns without endpoints, a policy
    // dropping UDP 53): that cause has its own finding, and this one would only say it again.
    if (sent.every((c) => c.predicted === 'TIMEOUT')) return [];
    return [{ data: { server: f.resolv.nameservers[0] ?? 'the nameserver', count: sent.length, from: f.inputs.queriedVia?.kind === 'pod-exec' || f.inputs.queriedVia?.kind === 'debug-container' ? 'the pod' : 'where the queries were sent' } }];
  },
});
