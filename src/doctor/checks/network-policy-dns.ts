import { evaluateDnsPolicies } from '../../explain/network-policy.ts';
import type { PodView } from '../../model/view.ts';
import { defineCheck, plural } from '../check.ts';

const NAMES = 4;

/** A pod with no labels in the namespace: what only namespace-wide (podSelector: {}) policies select. */
function anyPod(namespace: string): PodView {
  return { namespace, name: '(any pod)', labels: {}, podIPs: [], ready: true, phase: 'Running', hostNetwork: false, dnsPolicy: 'ClusterFirst', containers: [], containerStatuses: [] };
}

export default defineCheck({
  meta: {
    id: 'network-policy-dns',
    title: 'No NetworkPolicy blocks DNS for a whole namespace',
    hint: 'Add an egress rule to the namespace\'s policies allowing UDP and TCP 53 to the CoreDNS pods: `to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`.',
    docs: {
      summary:
        'For every namespace with an egress NetworkPolicy, evaluates (with explain\'s policy evaluator) whether its pods may reach the CoreDNS pods on UDP and TCP 53, and whether ingress policies on the CoreDNS pods let them in. A default-deny egress policy without a DNS exception breaks every name lookup in the namespace; a rule that allows only the kube-dns Service IP does not help, because the policy sees the pod addresses after the Service is translated.',
      example: 'A team applies a `default-deny-egress` policy to namespace payments and allows only its database; every pod in payments now fails to resolve the database\'s name.',
      sources: [
        'https://kubernetes.io/docs/concepts/services-networking/network-policies/ (isolation, egress rules, namespaceSelector + podSelector)',
        'docs/findings/network-policy-blocks-dns.md (explain\'s finding, same evaluator)',
      ],
    },
  },
  check(f) {
    const egressNs = [...new Set(f.view.networkPolicies.filter((p) => p.spec.policyTypes?.includes('Egress') || (p.spec.policyTypes === undefined && p.spec.egress !== undefined)).map((p) => p.namespace))].sort();
    if (f.view.networkPolicies.length === 0) return { status: 'ok', evidence: ['no NetworkPolicy in the namespaces read'] };
    if (f.dnsPods.length === 0) return { status: 'skip', evidence: ['no CoreDNS pod to evaluate the policies against'] };
    const svcIp = f.service?.clusterIPs[0];
    const evidence: string[] = [];
    let status: 'ok' | 'warn' | 'fail' = 'ok';
    const namespaces = [...new Set([...egressNs, ...f.view.namespaces.map((n) => n.name)])].sort();
    let checked = 0;
    for (const ns of namespaces) {
      const pods = f.view.pods.filter((p) => p.namespace === ns && !p.hostNetwork && p.phase !== 'Succeeded' && p.phase !== 'Failed');
      const sample = pods.length ? pods : [anyPod(ns)];
      const blocked: string[] = [];
      const policies = new Set<string>();
      let tcpOnly = 0;
      for (const pod of sample) {
        const v = evaluateDnsPolicies({ client: pod, dnsPods: f.readyDnsPods.length ? f.readyDnsPods : f.dnsPods, policies: f.view.networkPolicies, namespaces: f.view.namespaces, ...(svcIp ? { dnsServiceIP: svcIp } : {}) });
        const udpBlocked = v.egress.udp === 'blocked' || v.ingress.udp === 'blocked';
        if (udpBlocked) {
          blocked.push(pod.name);
          for (const p of [...v.egress.policies, ...v.ingress.policies]) policies.add(p);
        } else if (v.egress.tcp === 'blocked' || v.ingress.tcp === 'blocked') tcpOnly++;
      }
      if (!egressNs.includes(ns) && blocked.length === 0) continue;
      checked++;
      if (blocked.length === 0) {
        if (tcpOnly) {
          evidence.push(`${ns}: DNS over UDP allowed, TCP 53 blocked for ${plural(tcpOnly, 'pod')} (truncated answers fail)`);
          if (status === 'ok') status = 'warn';
        } else evidence.push(`${ns}: DNS allowed`);
        continue;
      }
      const all = blocked.length === sample.length;
      evidence.push(
        `${ns}: DNS blocked for ${all ? (pods.length ? `all ${plural(pods.length, 'pod')}` : 'every pod') : `${blocked.length} of ${plural(sample.length, 'pod')}`} by ${[...policies].sort().join(', ')}${all ? '' : ` (${blocked.slice(0, NAMES).join(', ')}${blocked.length > NAMES ? ', ...' : ''})`}`,
      );
      status = all ? 'fail' : status === 'fail' ? 'fail' : 'warn';
    }
    if (checked === 0) evidence.push(`${plural(f.view.networkPolicies.length, 'NetworkPolicy', 'NetworkPolicies')}, none isolating egress`);
    return { status, evidence };
  },
});
