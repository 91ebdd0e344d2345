import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

const slice = (items: Obj[]): Obj => items.find((o) => o['kind'] === 'EndpointSlice' && o['metadata'].labels?.['kubernetes.io/service-name'] === 'kube-dns')!;

testCheck('kube-dns-service', [
  {
    name: 'kubeadm: two ready endpoints, both ports',
    inputs: cluster(),
    status: 'ok',
    evidence: ['Service kube-system/kube-dns: ClusterIP 10.96.0.10; ports 53/UDP, 53/TCP, 9153/TCP', '1 EndpointSlice: 2 ready addresses; 2 ready CoreDNS pods'],
  },
  {
    name: 'a Helm re-install changed the pod labels: no endpoints',
    inputs: cluster({ edit: (items) => (slice(items)['endpoints'] = []) }),
    status: 'fail',
    evidence: ['no ready endpoint'],
  },
  {
    name: 'a stale endpoint left by a deleted pod',
    inputs: cluster({ edit: (items) => (slice(items)['endpoints'][1].addresses = ['10.244.0.9']) }),
    status: 'fail',
    evidence: ['ready pods missing from the endpoints: coredns-7c65d6cfc9-b8m2p (10.244.0.3)', 'endpoints that are not a ready CoreDNS pod: 10.244.0.9'],
  },
  {
    name: 'the TCP port was left out of a hand-written Service',
    inputs: cluster({ edit: (items) => (find(items, 'Service', 'kube-dns')['spec'].ports = find(items, 'Service', 'kube-dns')['spec'].ports.filter((p: Obj) => p['protocol'] !== 'TCP' || p['port'] !== 53)) }),
    status: 'warn',
    evidence: ['no TCP port 53'],
  },
  {
    name: 'targetPort names a port CoreDNS does not expose',
    inputs: cluster({ edit: (items) => (find(items, 'Service', 'kube-dns')['spec'].ports[0].targetPort = 'dns-udp') }),
    status: 'fail',
    evidence: ['UDP port 53 targets dns-udp, which no CoreDNS container exposes over UDP'],
  },
  {
    name: 'no kube-dns Service',
    inputs: cluster({ edit: (items) => items.splice(items.indexOf(find(items, 'Service', 'kube-dns')), 1) }),
    status: 'fail',
    evidence: ['no Service labelled k8s-app=kube-dns'],
  },
]);
