import rule from '../../../src/lint/rules/kubernetes-pods-verified-cost.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [{ code: KUBEADM, name: 'kubeadm default (pods insecure)' }],
  invalid: [
    {
      name: 'pods verified for autopath',
      code: '.:53 {\n    autopath @kubernetes\n    kubernetes cluster.local {\n        pods verified\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'cost', line: 4, column: 14 }],
    },
  ],
});
