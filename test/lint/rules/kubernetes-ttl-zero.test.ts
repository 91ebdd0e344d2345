import rule from '../../../src/lint/rules/kubernetes-ttl-zero.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [{ code: KUBEADM, name: 'kubeadm default (ttl 30)' }],
  invalid: [
    {
      name: 'ttl 0 to get instant failover',
      code: '.:53 {\n    kubernetes cluster.local {\n        ttl 0\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'zero', line: 3, column: 13 }],
    },
  ],
});
