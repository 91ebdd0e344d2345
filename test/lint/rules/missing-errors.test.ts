import rule from '../../../src/lint/rules/missing-errors.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [{ code: KUBEADM, name: 'kubeadm default' }],
  invalid: [
    {
      name: 'minimal Corefile from a blog post',
      code: '.:53 {\n    kubernetes cluster.local\n    forward . 8.8.8.8\n    cache 30\n}\n',
      errors: [{ messageId: 'noErrors', line: 1, column: 1 }],
    },
  ],
});
