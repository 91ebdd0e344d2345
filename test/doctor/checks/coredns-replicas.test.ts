import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

/** A pod as the kubelet reports one that crash-loops. */
function crashLoop(pod: Obj): void {
  pod['status'].conditions = [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }];
  pod['status'].containerStatuses[0].ready = false;
  pod['status'].containerStatuses[0].state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=coredns' } };
}

testCheck('coredns-replicas', [
  { name: 'kubeadm: 2 of 2 ready', inputs: cluster(), status: 'ok', evidence: ['Deployment kube-system/coredns: 2 desired, 2 ready', '2 of 2 pods ready'] },
  {
    name: 'one replica crash-loops after a Corefile edit',
    inputs: cluster({
      edit: (items) => {
        crashLoop(find(items, 'Pod', 'coredns-7c65d6cfc9-b8m2p'));
        find(items, 'Deployment', 'coredns')['status'].readyReplicas = 1;
      },
    }),
    status: 'warn',
    evidence: ['1 of 2 pods ready', 'coredns-7c65d6cfc9-b8m2p CrashLoopBackOff'],
  },
  {
    name: 'no replica ready',
    inputs: cluster({
      edit: (items) => {
        crashLoop(find(items, 'Pod', 'coredns-7c65d6cfc9-b8m2p'));
        crashLoop(find(items, 'Pod', 'coredns-7c65d6cfc9-4xkqz'));
        find(items, 'Deployment', 'coredns')['status'].readyReplicas = 0;
      },
    }),
    status: 'fail',
    evidence: ['0 of 2 pods ready'],
  },
  {
    name: 'scaled to zero',
    inputs: cluster({
      edit: (items) => {
        const d = find(items, 'Deployment', 'coredns');
        d['spec'].replicas = 0;
        d['status'] = { observedGeneration: 2 };
        items.splice(0, items.length, ...items.filter((o) => !(o['kind'] === 'Pod' && o['metadata'].name.startsWith('coredns-'))));
      },
    }),
    status: 'fail',
    evidence: ['0 desired'],
    hint: ['--replicas=2'],
  },
  {
    name: 'a single replica (single point of failure)',
    inputs: cluster({
      edit: (items) => {
        const d = find(items, 'Deployment', 'coredns');
        d['spec'].replicas = 1;
        d['status'].readyReplicas = 1;
        items.splice(items.indexOf(find(items, 'Pod', 'coredns-7c65d6cfc9-b8m2p')), 1);
      },
    }),
    status: 'warn',
    evidence: ['one replica'],
  },
  {
    name: 'no CoreDNS at all',
    inputs: cluster({
      edit: (items) => {
        items.splice(0, items.length, ...items.filter((o) => !(o['metadata']?.namespace === 'kube-system' && ['Pod', 'Deployment', 'ConfigMap'].includes(o['kind']))));
      },
    }),
    status: 'fail',
    evidence: ['no CoreDNS pod found'],
  },
]);
