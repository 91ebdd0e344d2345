import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'kube-dns-no-endpoints',
    severity: 'error',
    message: 'Service {{service}} has no ready endpoint{{notReady}}, so queries to {{ip}} get no answer.',
    hint: 'Make the CoreDNS pods ready (see their events and logs) and check that the Service selector {{selector}} matches their labels.',
    docs: {
      summary: 'Without ready endpoints kube-proxy has nowhere to send the query: every lookup times out.',
      example: 'After a Helm upgrade the CoreDNS pods carry `app.kubernetes.io/name: coredns` but the old kube-dns Service still selects `k8s-app: kube-dns`.',
    },
  },
  check(f) {
    const s = f.dnsService;
    if (!s || f.dnsReadyAddresses.length > 0) return [];
    return [
      {
        data: {
          service: `${s.namespace}/${s.name}`,
          ip: f.dnsServiceIP ?? s.clusterIPs.join(', '),
          notReady: f.dnsNotReadyAddresses.length ? ` (${f.dnsNotReadyAddresses.length} not ready)` : '',
          selector: Object.entries(s.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '(none)',
        },
      },
    ];
  },
});
