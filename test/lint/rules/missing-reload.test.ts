import rule from '../../../src/lint/rules/missing-reload.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'no kubernetes block', code: '.:53 {\n    forward . 8.8.8.8\n}\n' },
  ],
  invalid: [
    {
      name: 'EKS-style Corefile without reload',
      code: '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n      pods insecure\n      fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    loadbalance\n}\n',
      errors: [{ messageId: 'noReload', line: 1, column: 1 }],
    },
  ],
});
