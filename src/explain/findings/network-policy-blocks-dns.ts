import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'network-policy-blocks-dns',
    severity: 'error',
    message: '{{what}}',
    hint: 'Allow egress to the DNS pods on UDP and TCP 53, e.g. `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]` with `ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`.',
    docs: {
      summary: 'A NetworkPolicy that selects the pod for egress (or the DNS pods for ingress) must allow port 53 over UDP and TCP to the CoreDNS pods themselves.',
      example: 'A default-deny egress policy plus an "allow-dns" rule for UDP only: short answers work, answers over 512 bytes (truncated, retried over TCP) fail.',
    },
  },
  check(f) {
    const v = f.policy;
    if (!v) return [];
    const out: { data: Record<string, string>; severity?: 'error' | 'warning' | 'info'; hint?: string }[] = [];
    const dir = (name: string, d: typeof v.egress, where: string): void => {
      if (!d.isolated) return;
      const blocked = (['udp', 'tcp'] as const).filter((p) => d[p] !== 'allowed');
      if (blocked.length === 0) {
        if (d.ipBlockOnly) out.push({ severity: 'info', data: { what: `${name} allow DNS only through an ipBlock covering the CoreDNS pod IPs, which some CNIs (Cilium) do not apply to in-cluster pods.` } });
        return;
      }
      const text = blocked.map((p) => `${p.toUpperCase()} 53 ${d[p] === 'partial' ? 'to some CoreDNS pods only' : ''}`.trim()).join(' and ');
      const serviceIp = d.serviceIpRule ? ' (a rule names the kube-dns Service IP, but policies see the CoreDNS pod IPs after DNAT)' : '';
      const severity = blocked.includes('udp') ? 'error' : 'warning';
      out.push({ severity, data: { what: `${name} ${where} block ${text}${serviceIp}.` } });
    };
    dir(`NetworkPolicies ${v.egress.policies.join(', ')}`, v.egress, 'select the pod and');
    dir(`NetworkPolicies ${v.ingress.policies.join(', ')}`, v.ingress, 'select the CoreDNS pods and');
    return out;
  },
});
