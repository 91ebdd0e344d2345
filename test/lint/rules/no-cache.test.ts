import rule from '../../../src/lint/rules/no-cache.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'a block that only answers health-style plugins', code: 'example.org:53 {\n    whoami\n}\n' },
  ],
  invalid: [
    {
      name: 'stub domain without cache (a common AKS coredns-custom .server)',
      code: KUBEADM + 'contoso.com:53 {\n    errors\n    forward . 10.0.0.10\n}\n',
      errors: [{ messageId: 'noCache', line: 24, column: 1 }],
    },
    {
      name: 'main block without cache',
      code: '.:53 {\n    errors\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n    loop\n}\n',
      errors: [{ messageId: 'noCache', line: 1, column: 1 }],
    },
  ],
});
