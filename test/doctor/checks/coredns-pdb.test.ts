import { cluster, testCheck } from '../check-tester.ts';

/** As the CoreDNS Helm chart creates it, with the status the disruption controller writes. */
const pdb = (spec: string, allowed: number, healthy = 2, desired = 1): string => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: coredns
  namespace: kube-system
  creationTimestamp: "2026-10-03T10:00:00Z"
spec:
${spec}
  selector:
    matchLabels:
      k8s-app: kube-dns
status:
  currentHealthy: ${healthy}
  desiredHealthy: ${desired}
  disruptionsAllowed: ${allowed}
  expectedPods: 2
  observedGeneration: 1
`;

testCheck('coredns-pdb', [
  { name: 'kubeadm installs none', inputs: cluster(), status: 'warn', evidence: ['no PodDisruptionBudget in kube-system selects the CoreDNS pods'], hint: ['create poddisruptionbudget'] },
  {
    name: 'maxUnavailable 1',
    inputs: cluster({ add: pdb('  maxUnavailable: 1', 1) }),
    status: 'ok',
    evidence: ['PodDisruptionBudget kube-system/coredns: maxUnavailable 1; 2 healthy of 1 needed, 1 disruption allowed now'],
  },
  {
    name: 'minAvailable equal to the replicas blocks every drain',
    inputs: cluster({ add: pdb('  minAvailable: 2', 0, 2, 2) }),
    status: 'warn',
    evidence: ['minAvailable 2', 'node drains will wait forever'],
    hint: ['maxUnavailable 1'],
  },
  {
    name: 'a budget for another app does not count',
    inputs: cluster({ add: pdb('  maxUnavailable: 1', 1).replace('k8s-app: kube-dns', 'k8s-app: metrics-server').replace('name: coredns', 'name: metrics-server') }),
    status: 'warn',
    evidence: ['(1 budget in the namespace)'],
  },
]);
