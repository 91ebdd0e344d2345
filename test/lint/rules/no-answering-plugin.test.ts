import rule from '../../../src/lint/rules/no-answering-plugin.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'unknown plugins may answer (custom build)', code: 'example.com:53 {\n    k8s_gateway example.com\n}\n' },
  ],
  invalid: [
    {
      name: 'stub domain whose forward line was deleted',
      code: KUBEADM + 'consul.local:53 {\n    errors\n    cache 30\n}\n',
      errors: [{ messageId: 'none', line: 24, column: 1 }],
    },
    {
      name: 'empty server block',
      code: 'example.org {\n}\n',
      errors: [{ messageId: 'none', line: 1, column: 1 }],
    },
  ],
});
