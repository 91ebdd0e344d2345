import { cluster, KUBEADM_KUBELET, testCheck } from '../check-tester.ts';

/** kubernetes/kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml, as installed (trimmed). */
const DAEMONSET = (ready: number) => `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-local-dns
  namespace: kube-system
  labels:
    k8s-app: node-local-dns
spec:
  selector:
    matchLabels:
      k8s-app: node-local-dns
  template:
    metadata:
      labels:
        k8s-app: node-local-dns
    spec:
      hostNetwork: true
      dnsPolicy: Default
      containers:
      - name: node-cache
        image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1
        args: ["-localip", "169.254.20.10,10.96.0.10", "-conf", "/etc/Corefile", "-upstreamsvc", "kube-dns-upstream"]
status:
  desiredNumberScheduled: 2
  currentNumberScheduled: 2
  numberReady: ${ready}
`;

const POD = (node: string, ready: boolean) => `
apiVersion: v1
kind: Pod
metadata:
  name: node-local-dns-${node}
  namespace: kube-system
  labels:
    k8s-app: node-local-dns
  ownerReferences:
  - apiVersion: apps/v1
    kind: DaemonSet
    name: node-local-dns
    controller: true
    uid: 1d2c3b4a-0000-4000-8000-000000000001
spec:
  nodeName: ${node}
  hostNetwork: true
  containers:
  - name: node-cache
    image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1
status:
  phase: Running
  conditions:
  - type: Ready
    status: "${ready ? 'True' : 'False'}"
  containerStatuses:
  - name: node-cache
    ready: ${ready}
    restartCount: 0
    state:
      ${ready ? 'running: {startedAt: "2026-11-01T00:00:00Z"}' : 'waiting: {reason: CrashLoopBackOff}'}
`;

const LOCAL = { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local' };

testCheck('nodelocal-dnscache', [
  { name: 'not installed, not used', inputs: cluster({ kubelet: KUBEADM_KUBELET }), status: 'skip', evidence: ['not in use'] },
  {
    name: 'installed and ready on every node that uses it',
    inputs: cluster({ kubelet: { 'node-1': LOCAL, 'node-2': LOCAL }, add: DAEMONSET(2) + '---' + POD('node-1', true) + '---' + POD('node-2', true) }),
    status: 'ok',
    evidence: ['DaemonSet kube-system/node-local-dns: 2 of 2 ready; listens on 169.254.20.10, 10.96.0.10', '2 kubelets point pods at it'],
  },
  {
    name: 'the cache crash-loops on a node whose kubelet points at it',
    inputs: cluster({ kubelet: { 'node-1': LOCAL, 'node-2': LOCAL }, add: DAEMONSET(1) + '---' + POD('node-1', true) + '---' + POD('node-2', false) }),
    status: 'fail',
    evidence: ['no ready node-local-dns pod on node-2'],
  },
  {
    name: 'kubelets point at 169.254.20.10 but the DaemonSet was never installed',
    inputs: cluster({ kubelet: { 'node-1': KUBEADM_KUBELET['node-1']!, 'node-2': LOCAL } }),
    status: 'fail',
    evidence: ['1 kubelet point at a link-local address (node-2) but no node-local-dns DaemonSet exists'],
  },
]);
