import { cluster, KUBEADM_KUBELET, testCheck } from '../check-tester.ts';

testCheck('kubelet-cluster-dns', [
  { name: 'every kubelet agrees with kube-dns', inputs: cluster({ kubelet: KUBEADM_KUBELET }), status: 'ok', evidence: ['2 nodes: clusterDNS 10.96.0.10, clusterDomain cluster.local (node-1, node-2)'] },
  {
    name: 'a node from an old launch template points at a former Service IP',
    inputs: cluster({ kubelet: { ...KUBEADM_KUBELET, 'node-2': { clusterDNS: ['10.100.0.10'], clusterDomain: 'cluster.local' } } }),
    status: 'fail',
    evidence: ['1 node: clusterDNS 10.100.0.10, clusterDomain cluster.local — not the kube-dns address 10.96.0.10 (node-2)'],
  },
  {
    name: 'a kubelet with another cluster domain',
    inputs: cluster({ kubelet: { ...KUBEADM_KUBELET, 'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'k8s.internal' } } }),
    status: 'fail',
    evidence: ["the Corefile's kubernetes plugin serves cluster.local, not k8s.internal"],
  },
  {
    name: 'only one kubelet answered /configz',
    inputs: { ...cluster({ kubelet: { 'node-1': KUBEADM_KUBELET['node-1']! } }), kubeletUnread: '1 node(s): the API server failed on /api/v1/nodes/node-2/proxy/configz (HTTP 503)' },
    status: 'warn',
    evidence: ['not read: 1 node (node-2)', 'HTTP 503'],
  },
  { name: 'offline without a kubelet section', inputs: cluster(), status: 'skip', evidence: ['offline: no kubelet section'] },
]);
