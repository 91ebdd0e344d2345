import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateDnsPolicies } from '../../src/explain/network-policy.ts';
import type { NetworkPolicyView, PodView, NamespaceView } from '../../src/model/view.ts';

function pod(namespace: string, name: string, labels: Record<string, string>, ip: string, extra: Partial<PodView> = {}): PodView {
  return {
    namespace, name, labels, podIPs: [ip], ready: true, hostNetwork: false, dnsPolicy: 'ClusterFirst',
    containers: [], containerStatuses: [], phase: 'Running', ...extra,
  };
}

// CoreDNS as kubeadm deploys it: ports named dns (UDP 53) and dns-tcp (TCP 53).
const corednsContainer = {
  name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3',
  ports: [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
  ],
};
const dnsPods = [
  pod('kube-system', 'coredns-7db6d8ff4d-4xk2p', { 'k8s-app': 'kube-dns', 'pod-template-hash': '7db6d8ff4d' }, '10.244.0.3', { containers: [corednsContainer] }),
  pod('kube-system', 'coredns-7db6d8ff4d-9tq7m', { 'k8s-app': 'kube-dns', 'pod-template-hash': '7db6d8ff4d' }, '10.244.1.4', { containers: [corednsContainer] }),
];
const client = pod('shop', 'checkout-6f9c7b-abcde', { app: 'checkout' }, '10.244.1.20');
const namespaces: NamespaceView[] = [
  { name: 'kube-system', labels: {} },
  { name: 'shop', labels: { team: 'payments' } },
];

function np(namespace: string, name: string, spec: NetworkPolicyView['spec']): NetworkPolicyView {
  return { namespace, name, spec };
}

function evaluate(policies: NetworkPolicyView[], clientPod: PodView = client) {
  return evaluateDnsPolicies({ client: clientPod, dnsPods, policies, namespaces, dnsServiceIP: '10.96.0.10' });
}

test('no policies: DNS is allowed both ways', () => {
  const v = evaluate([]);
  assert.equal(v.egress.isolated, false);
  assert.deepEqual([v.egress.udp, v.egress.tcp, v.ingress.udp, v.ingress.tcp], ['allowed', 'allowed', 'allowed', 'allowed']);
});

test('default-deny egress blocks DNS', () => {
  const v = evaluate([np('shop', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })]);
  assert.equal(v.egress.isolated, true);
  assert.deepEqual(v.egress.policies, ['shop/default-deny-egress']);
  assert.equal(v.egress.udp, 'blocked');
  assert.equal(v.egress.tcp, 'blocked');
});

test('the common "allow DNS" policy that forgets TCP: UDP allowed, TCP blocked', () => {
  const v = evaluate([
    np('shop', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
    np('shop', 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }],
      }],
    }),
  ]);
  assert.equal(v.egress.udp, 'allowed');
  assert.equal(v.egress.tcp, 'blocked');
});

test('named ports resolve against the CoreDNS container ports', () => {
  const v = evaluate([
    np('shop', 'allow-dns-named', {
      podSelector: { matchLabels: { app: 'checkout' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: 'dns-tcp' }] }],
    }),
  ]);
  assert.equal(v.egress.udp, 'allowed');
  assert.equal(v.egress.tcp, 'allowed');
});

test('podSelector without namespaceSelector only matches the policy namespace', () => {
  const v = evaluate([
    np('shop', 'allow-dns-wrong', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    }),
  ]);
  assert.equal(v.egress.udp, 'blocked');
});

test('an ipBlock naming only the Service IP does not match the DNATed pods', () => {
  const v = evaluate([
    np('shop', 'allow-dns-svc-ip', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.96.0.10/32' } }], ports: [{ protocol: 'UDP', port: 53 }] }],
    }),
  ]);
  assert.equal(v.egress.udp, 'blocked');
  assert.equal(v.egress.serviceIpRule, true);
});

test('an ipBlock covering the pod network allows, but is flagged as CNI-dependent', () => {
  const v = evaluate([
    np('shop', 'allow-pod-cidr', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16' } }] }],
    }),
  ]);
  assert.equal(v.egress.udp, 'allowed');
  assert.equal(v.egress.ipBlockOnly, true);
});

test('an ipBlock that excepts one CoreDNS pod: partial reach (intermittent failures)', () => {
  const v = evaluate([
    np('shop', 'allow-some', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.1.0/24'] } }] }],
    }),
  ]);
  assert.equal(v.egress.udp, 'partial');
});

test('policyTypes unset: a policy with only ingress rules does not isolate egress', () => {
  const v = evaluate([np('shop', 'ingress-only', { podSelector: {}, ingress: [{}] })]);
  assert.equal(v.egress.isolated, false);
  assert.equal(v.egress.udp, 'allowed');
});

test('default-deny ingress in kube-system blocks DNS at the CoreDNS pods', () => {
  const v = evaluate([np('kube-system', 'default-deny', { podSelector: {} })]);
  assert.equal(v.ingress.isolated, true);
  assert.equal(v.ingress.udp, 'blocked');
  assert.deepEqual(v.ingress.policies, ['kube-system/default-deny']);
});

test('ingress allowed from namespaces labelled by team', () => {
  const v = evaluate([
    np('kube-system', 'dns-ingress', {
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['payments'] }] } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    }),
  ]);
  assert.equal(v.ingress.udp, 'allowed');
  assert.equal(v.ingress.tcp, 'allowed');
});

test('hostNetwork pods are not subject to pod NetworkPolicy egress', () => {
  const hostPod = pod('shop', 'node-agent', {}, '192.168.1.10', { hostNetwork: true });
  const v = evaluate([np('shop', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] })], hostPod);
  assert.equal(v.egress.isolated, false);
});
