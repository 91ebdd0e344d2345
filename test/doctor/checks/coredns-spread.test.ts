import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

const ANTI_AFFINITY = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 100, podAffinityTerm: { labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] }, topologyKey: 'kubernetes.io/hostname' } },
    ],
  },
};

function moveToNode2(items: Obj[]): void {
  const p = find(items, 'Pod', 'coredns-7c65d6cfc9-b8m2p');
  p['spec'].nodeName = 'node-2';
  p['status'].hostIP = '192.168.56.11';
}

function zones(items: Obj[], z1: string, z2: string): void {
  find(items, 'Node', 'node-1')['metadata'].labels['topology.kubernetes.io/zone'] = z1;
  find(items, 'Node', 'node-2')['metadata'].labels['topology.kubernetes.io/zone'] = z2;
}

testCheck('coredns-spread', [
  {
    name: 'kubeadm init: both replicas on the control-plane node',
    inputs: cluster(),
    status: 'fail',
    evidence: ['2 ready pods on 1 node: node-1 (2)', 'no podAntiAffinity and no topologySpreadConstraints'],
  },
  {
    name: 'spread over two nodes by a preferred anti-affinity',
    inputs: cluster({
      edit: (items) => {
        moveToNode2(items);
        find(items, 'Deployment', 'coredns')['spec'].template.spec.affinity = ANTI_AFFINITY;
      },
    }),
    status: 'ok',
    evidence: ['node-1 (1), node-2 (1)', 'podAntiAffinity preferred on kubernetes.io/hostname'],
  },
  {
    name: 'apart by luck: nothing keeps them apart',
    inputs: cluster({ edit: moveToNode2 }),
    status: 'warn',
    evidence: ['nothing keeps the replicas apart'],
  },
  {
    name: 'two zones, both replicas in one',
    inputs: cluster({
      edit: (items) => {
        moveToNode2(items);
        zones(items, 'eu-west-1a', 'eu-west-1a');
        find(items, 'Node', 'node-2')['metadata'].labels['topology.kubernetes.io/zone'] = 'eu-west-1a';
        items.push({ ...structuredClone(find(items, 'Node', 'node-2')), metadata: { name: 'node-3', labels: { 'topology.kubernetes.io/zone': 'eu-west-1b', 'kubernetes.io/hostname': 'node-3' } } });
        find(items, 'Deployment', 'coredns')['spec'].template.spec.topologySpreadConstraints = [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        ];
      },
    }),
    status: 'warn',
    evidence: ['zones: 1 of the cluster\'s 2', 'every ready replica is in one zone'],
  },
  {
    name: 'zone spread constraint across two zones',
    inputs: cluster({
      edit: (items) => {
        moveToNode2(items);
        zones(items, 'eu-west-1a', 'eu-west-1b');
        find(items, 'Deployment', 'coredns')['spec'].template.spec.topologySpreadConstraints = [
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        ];
      },
    }),
    status: 'ok',
    evidence: ['zones: 2 of the cluster\'s 2', 'topologySpreadConstraint on topology.kubernetes.io/zone (maxSkew 1, DoNotSchedule)'],
  },
]);
