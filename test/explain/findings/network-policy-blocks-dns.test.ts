import type { ClusterView } from '../../../src/model/view.ts';
import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, SHOP_POD, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();

/** A default-deny ingress policy in kube-system: it isolates the CoreDNS pods for ingress. */
function denyIngressToCoreDns(v: ClusterView): ClusterView {
  const out = structuredClone(v);
  out.networkPolicies.push({ namespace: 'kube-system', name: 'default-deny-ingress', spec: { podSelector: {}, policyTypes: ['Ingress'] } });
  return out;
}

/** CoreDNS deployed by a Helm chart: pods selected by app.kubernetes.io/name=coredns. */
function helmLabels(v: ClusterView): ClusterView {
  const out = structuredClone(v);
  const d = out.deployments.find((x) => x.name === 'coredns')!;
  d.selector = { 'app.kubernetes.io/name': 'coredns' };
  for (const p of out.pods) if (p.labels['k8s-app'] === 'kube-dns') p.labels = { 'app.kubernetes.io/name': 'coredns' };
  return out;
}

findingTester('network-policy-blocks-dns', {
  fires: [
    {
      name: 'default-deny egress plus an allow-dns rule for UDP only: answers over 512 bytes (TCP retry) fail',
      inputs: inputs('web.shop', withObjects(b, 'netpol-dns-udp-only.yaml')),
      message: ['default/allow-dns', 'block TCP 53'],
      hint: ['protocol: TCP, port: 53'],
      severity: 'warning',
      also: (r) => {
        if (!r.resolved) throw new Error('UDP is allowed: the name should still resolve');
      },
    },
    {
      name: 'default-deny egress and nothing that allows DNS',
      inputs: inputs('web.shop', withObjects(b, 'netpol-default-deny.yaml')),
      message: ['default/default-deny-egress', 'block UDP 53 and TCP 53'],
      severity: 'error',
      also: (r) => {
        assertFirstError(r, 'network-policy-blocks-dns');
        if (r.resolved) throw new Error('resolved through a policy that drops UDP 53');
      },
      hint: ['kubernetes.io/metadata.name: kube-system', 'podSelector: {matchLabels: {k8s-app: kube-dns}}'],
    },
    {
      name: 'CoreDNS from a Helm chart (app.kubernetes.io/name=coredns): the egress rule to copy uses the pods\' real labels',
      inputs: inputs('web.shop', helmLabels(withObjects(b, 'netpol-default-deny.yaml'))),
      message: ['default/default-deny-egress', 'block UDP 53'],
      hint: ['podSelector: {matchLabels: {app.kubernetes.io/name: coredns}}'],
    },
    {
      name: 'a default-deny ingress policy in kube-system isolates the CoreDNS pods: the fix is an ingress rule there, not pod egress',
      inputs: inputs('web.shop', denyIngressToCoreDns(b)),
      message: ['kube-system/default-deny-ingress select the CoreDNS pods and block UDP 53'],
      hint: ['Allow ingress to the DNS pods', 'a policy in kube-system with `podSelector: {matchLabels: {k8s-app: kube-dns}}`'],
      severity: 'error',
    },
  ],
  quiet: [
    { name: 'no policy in the pod namespace', inputs: inputs('web.shop', b) },
    { name: 'shop: default-deny plus allow-dns for UDP and TCP to kube-dns pods', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
  ],
});
