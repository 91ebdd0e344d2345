import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'coredns-not-ready',
    severity: 'error',
    message: '{{ready}} of {{total}} CoreDNS pods are ready{{reasons}}.',
    hint: 'Read why: `kubectl -n {{namespace}} logs {{pod}} --previous` and `kubectl -n {{namespace}} describe pod {{pod}}`.',
    docs: {
      summary: 'CoreDNS pods that are not ready are removed from the kube-dns endpoints; when none is ready, cluster DNS is down.',
      example: 'A Corefile edit added a plugin CoreDNS does not know; after `reload` the new pods crash-loop with "Unknown directive".',
    },
  },
  check(f) {
    const total = f.dnsPods.length;
    const ready = f.readyDnsPods.length;
    if (total === 0 || ready === total) return [];
    const notReady = f.dnsPods.filter((p) => !f.readyDnsPods.includes(p));
    const reasons = [...new Set(notReady.flatMap((p) => p.containerStatuses.map((s) => s.waitingReason ?? s.lastTerminationReason).filter(Boolean)))];
    const first = notReady[0]!;
    return [
      {
        severity: ready === 0 ? 'error' : 'warning',
        data: {
          ready,
          total,
          reasons: reasons.length ? ` (${reasons.join(', ')})` : '',
          namespace: first.namespace,
          pod: first.name,
        },
      },
    ];
  },
});
