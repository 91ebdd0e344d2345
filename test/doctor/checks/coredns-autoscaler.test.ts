import test from 'node:test';
import assert from 'node:assert/strict';
import { cluster, find, testCheck, type Obj } from '../check-tester.ts';
import { suggestedReplicas } from '../../../src/doctor/checks/coredns-autoscaler.ts';

/** The DNS horizontal autoscaler as kubernetes/website's dns-horizontal-autoscaler.yaml installs it. */
const CPA = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: kube-dns-autoscaler
  namespace: kube-system
  labels:
    k8s-app: kube-dns-autoscaler
spec:
  replicas: 1
  selector:
    matchLabels:
      k8s-app: kube-dns-autoscaler
  template:
    metadata:
      labels:
        k8s-app: kube-dns-autoscaler
    spec:
      containers:
      - name: autoscaler
        image: registry.k8s.io/cpa/cluster-proportional-autoscaler:1.8.9
        command:
        - /cluster-proportional-autoscaler
        - --namespace=kube-system
        - --configmap=kube-dns-autoscaler
        - --target=Deployment/coredns
        - --default-params={"linear":{"coresPerReplica":256,"nodesPerReplica":16,"preventSinglePointFailure":true,"includeUnschedulableNodes":true}}
        - --logtostderr=true
        - --v=2
status:
  replicas: 1
  readyReplicas: 1
  availableReplicas: 1
`;

const HPA = (min: number): string => `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: coredns
  namespace: kube-system
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: coredns
  minReplicas: ${min}
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: 70
status:
  currentReplicas: 2
  desiredReplicas: 2
`;

/** n extra worker nodes, copies of node-2. */
function workers(n: number): (items: Obj[]) => void {
  return (items) => {
    const base = find(items, 'Node', 'node-2');
    for (let i = 0; i < n; i++) items.push({ ...structuredClone(base), metadata: { ...structuredClone(base['metadata']), name: `worker-${i}` } });
  };
}

test('suggestedReplicas follows the linear defaults (16 nodes per replica, at least 2 on more than one node)', () => {
  assert.deepEqual([1, 2, 16, 32, 33, 120].map(suggestedReplicas), [1, 2, 2, 2, 3, 8]);
});

testCheck('coredns-autoscaler', [
  { name: 'two nodes, two replicas, no autoscaler needed', inputs: cluster(), status: 'ok', evidence: ['2 replicas for 2 nodes; the DNS autoscaler\'s defaults would run 2'] },
  {
    name: 'grew to 120 nodes with kubeadm\'s two replicas',
    inputs: cluster({ edit: workers(118) }),
    status: 'warn',
    evidence: ['2 replicas for 120 nodes', 'would run 8'],
  },
  { name: 'cluster-proportional-autoscaler targets it', inputs: cluster({ edit: workers(118), add: CPA }), status: 'ok', evidence: ['kube-system/kube-dns-autoscaler targets deployment/coredns'] },
  {
    name: 'the autoscaler is not running',
    inputs: cluster({ add: CPA.replace(/status:[\s\S]*$/, 'status:\n  replicas: 1\n  unavailableReplicas: 1\n') }),
    status: 'warn',
    evidence: ['no ready pod'],
  },
  { name: 'an HPA with minReplicas 2', inputs: cluster({ add: HPA(2) }), status: 'ok', evidence: ['HorizontalPodAutoscaler kube-system/coredns: 2..10 replicas, 2 now'] },
  { name: 'an HPA that may scale to one', inputs: cluster({ add: HPA(1) }), status: 'warn', evidence: ['minReplicas below 2'] },
]);
