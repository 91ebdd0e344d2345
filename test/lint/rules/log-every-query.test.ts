import rule from '../../../src/lint/rules/log-every-query.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'log only failures', code: '.:53 {\n    log {\n        class denial error\n    }\n    kubernetes cluster.local\n}\n' },
    { name: 'log in a stub block only', code: 'example.com:53 {\n    log\n    forward . 10.0.0.2\n}\n' },
  ],
  invalid: [
    {
      name: 'log left on after debugging (the CoreDNS docs debugging step)',
      code: '.:53 {\n    log\n    errors\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'everyQuery', line: 2, column: 5 }],
    },
  ],
});
