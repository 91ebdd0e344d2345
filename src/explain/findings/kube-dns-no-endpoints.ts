import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'kube-dns-no-endpoints',
    severity: 'error',
    message: 'Service {{service}} has no ready endpoint{{notReady}}, so {{effect}}.',
    hint: 'Make the CoreDNS pods ready (see their events and logs) and check that the Service selector {{selector}} matches their labels.',
    docs: {
      summary: 'Without ready endpoints kube-proxy has nowhere to send the query: every lookup times out. Behind NodeLocal DNSCache the cluster-zone lookups fail with SERVFAIL instead, while other names still reach the node\'s upstream.',
      example: 'After a Helm upgrade the CoreDNS pods carry `app.kubernetes.io/name: coredns` but the old kube-dns Service still selects `k8s-app: kube-dns`.',
    },
  },
  check(f) {
    const s = f.dnsService;
    if (!s || f.dnsReadyAddresses.length > 0) return [];
    const ip = f.dnsServiceIP ?? s.clusterIPs.join(', ');
    // The pod asks NodeLocal DNSCache, not the Service: node-cache forwards the cluster zone to
    // CoreDNS (through its -upstreamsvc copy of kube-dns) and answers SERVFAIL when nothing is behind it.
    const nl = f.path === 'nodelocal' ? f.nodelocal : undefined;
    const through = nl?.upstreamService ? ` through Service ${nl.upstreamService}${nl.upstreamIP ? ` (${nl.upstreamIP})` : ''}` : '';
    const effect = nl
      ? `the ${f.clusterDomain} queries the pod sends to NodeLocal DNSCache at ${nl.ip} fail with SERVFAIL: node-local-dns forwards them to CoreDNS${through}, and no CoreDNS pod is behind it`
      : `queries to ${ip} get no answer`;
    return [
      {
        data: {
          service: `${s.namespace}/${s.name}`,
          ip,
          notReady: f.dnsNotReadyAddresses.length ? ` (${f.dnsNotReadyAddresses.length} not ready)` : '',
          effect,
          selector: Object.entries(s.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '(none)',
        },
      },
    ];
  },
});
