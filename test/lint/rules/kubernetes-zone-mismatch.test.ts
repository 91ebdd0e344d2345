import rule from '../../../src/lint/rules/kubernetes-zone-mismatch.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default, domain unknown' },
    { code: KUBEADM, name: 'kubeadm default, cluster.local', options: { clusterDomain: 'cluster.local' } },
    { code: KUBEADM, name: 'trailing dot is the same domain', options: { clusterDomain: 'cluster.local.' } },
    {
      name: 'zone taken from the server block key',
      code: 'k8s.example.com:53 {\n    kubernetes\n}\n.:53 {\n    forward . /etc/resolv.conf\n}\n',
      options: { clusterDomain: 'k8s.example.com' },
    },
  ],
  invalid: [
    {
      name: 'kubelet --cluster-domain=k8s.example.com with the stock Corefile',
      code: KUBEADM,
      options: { clusterDomain: 'k8s.example.com' },
      errors: [{ messageId: 'mismatch', line: 7, column: 16, data: { clusterDomain: 'k8s.example.com.' } }],
    },
  ],
});
