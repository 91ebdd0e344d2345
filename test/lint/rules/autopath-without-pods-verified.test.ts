import rule from '../../../src/lint/rules/autopath-without-pods-verified.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    {
      name: 'autopath with pods verified (the README example)',
      code: '.:53 {\n    autopath @kubernetes\n    kubernetes cluster.local {\n        pods verified\n    }\n    forward . /etc/resolv.conf\n}\n',
    },
  ],
  invalid: [
    {
      name: 'autopath added to the kubeadm block, which has pods insecure',
      code: '.:53 {\n    errors\n    autopath @kubernetes\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'notVerified', line: 3, column: 5, data: { mode: 'pods insecure' } }],
    },
    {
      name: 'autopath without a kubernetes plugin in the block',
      code: '.:53 {\n    autopath @kubernetes\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'noKubernetes', line: 2, column: 14 }],
    },
  ],
});
