import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'network-policy-blocks-dns',
    severity: 'error',
    message: '{{what}}',
    hint: 'Allow egress to the DNS pods on UDP and TCP 53, e.g. `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: {{dnsNamespace}}}}, podSelector: {matchLabels: {{dnsLabels}}}}]` with `ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`.',
    docs: {
      summary: 'A NetworkPolicy that selects the pod for egress (or the DNS pods for ingress) must allow port 53 over UDP and TCP to the CoreDNS pods themselves.',
      example: 'A default-deny egress policy plus an "allow-dns" rule for UDP only: short answers work, answers over 512 bytes (truncated, retried over TCP) fail.',
    },
  },
  check(f) {
    const v = f.policy;
    if (!v) return [];
    const out: { data: Record<string, string>; severity?: 'error' | 'warning' | 'info'; hint?: string }[] = [];
    // The DNS pods as the cluster has them (kube-system and k8s-app=kube-dns on kubeadm; other
    // distributions use other namespaces and labels).
    const dnsNamespace = f.dnsPods[0]?.namespace ?? f.deployment?.namespace ?? f.dnsService?.namespace ?? 'kube-system';
    const sel = f.deployment && Object.keys(f.deployment.selector).length ? f.deployment.selector : f.dnsService?.selector && Object.keys(f.dnsService.selector).length ? f.dnsService.selector : { 'k8s-app': 'kube-dns' };
    const dnsLabels = `{${Object.entries(sel).map(([k, val]) => `${k}: ${val}`).join(', ')}}`;
    const ingressHint =
      'Allow ingress to the DNS pods on UDP and TCP 53 from every pod that resolves names, e.g. a policy in {{dnsNamespace}} with `podSelector: {matchLabels: {{dnsLabels}}}` and `ingress: [{from: [{namespaceSelector: {}}], ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]`.';
    const dir = (name: string, d: typeof v.egress, where: string): void => {
      if (!d.isolated) return;
      const blocked = (['udp', 'tcp'] as const).filter((p) => d[p] !== 'allowed');
      if (blocked.length === 0) {
        if (d.ipBlockOnly) out.push({ severity: 'info', data: { what: `${name} allow DNS only through an ipBlock covering the CoreDNS pod IPs, which some CNIs (Cilium) do not apply to in-cluster pods.`, dnsNamespace, dnsLabels }, ...(d === v.ingress ? { hint: ingressHint } : {}) });
        return;
      }
      const text = blocked.map((p) => `${p.toUpperCase()} 53 ${d[p] === 'partial' ? 'to some CoreDNS pods only' : ''}`.trim()).join(' and ');
      const serviceIp = d.serviceIpRule ? ' (a rule names the kube-dns Service IP, but policies see the CoreDNS pod IPs after DNAT)' : '';
      const severity = blocked.includes('udp') ? 'error' : 'warning';
      out.push({ severity, data: { what: `${name} ${where} block ${text}${serviceIp}.`, dnsNamespace, dnsLabels }, ...(d === v.ingress ? { hint: ingressHint } : {}) });
    };
    dir(`NetworkPolicies ${v.egress.policies.join(', ')}`, v.egress, 'select the pod and');
    dir(`NetworkPolicies ${v.ingress.policies.join(', ')}`, v.ingress, 'select the CoreDNS pods and');
    return out;
  },
});
