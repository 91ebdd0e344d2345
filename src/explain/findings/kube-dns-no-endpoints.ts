import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'kube-dns-no-endpoints',
    severity: 'error',
    message: 'Service {{service}} has no ready endpoint{{notReady}}, so {{effect}}.',
    hint: 'Make the CoreDNS pods ready (see their events and logs) and check that the Service selector {{selector}} matches their labels.',
    docs: {
      summary: 'Without ready endpoints kube-proxy has nowhere to send the query: every lookup times out. Behind NodeLocal DNSCache the cluster-zone lookups fail with SERVFAIL instead, while other names still reach the node\'s upstream. When CoreDNS is scaled to zero or none of its pods is ready, coredns-scaled-to-zero or coredns-not-ready reports that cause instead.',
      example: 'After a Helm upgrade the CoreDNS pods carry `app.kubernetes.io/name: coredns` but the old kube-dns Service still selects `k8s-app: kube-dns`.',
    },
  },
  check(f) {
    const s = f.dnsService;
    if (!s || f.dnsReadyAddresses.length > 0) return [];
    // The empty endpoints are the consequence of a cause already reported — the Deployment at zero
    // (coredns-scaled-to-zero) or CoreDNS pods listed but none ready (coredns-not-ready) — and the
    // selector hint would send the reader the wrong way. Reported when the Service itself is the cause.
    if (f.deployment?.replicas === 0) return [];
    if (f.dnsPods.length > 0 && f.readyDnsPods.length === 0 && f.dnsNotReadyAddresses.length > 0) return [];
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
