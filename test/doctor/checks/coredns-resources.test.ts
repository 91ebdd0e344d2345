import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

function container(items: Obj[]): Obj {
  return find(items, 'Deployment', 'coredns')['spec'].template.spec.containers[0];
}

testCheck('coredns-resources', [
  { name: 'kubeadm defaults', inputs: cluster(), status: 'ok', evidence: ['requests cpu 100m, memory 70Mi, limits memory 170Mi'] },
  {
    name: 'a CPU limit copied from a limits-everywhere policy',
    inputs: cluster({ edit: (items) => (container(items)['resources'].limits.cpu = '100m') }),
    status: 'warn',
    evidence: ['a CPU limit of 100m'],
  },
  {
    name: 'no resources at all (BestEffort)',
    inputs: cluster({ edit: (items) => delete container(items)['resources'] }),
    status: 'warn',
    evidence: ['requests none, limits none', 'no memory request', 'no memory limit'],
  },
]);
