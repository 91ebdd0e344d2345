import rule from '../../../src/lint/rules/plugin-order-ignored.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default (cache after forward is conventional and harmless)' },
    { name: 'rewrite written first', code: '.:53 {\n    rewrite name a.example.com a.default.svc.cluster.local\n    kubernetes cluster.local\n}\n' },
  ],
  invalid: [
    {
      name: 'rewrite written after kubernetes, expecting to rewrite its answers',
      code: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    rewrite name db.example.com db.prod.svc.cluster.local\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'order', line: 4, column: 5, data: { late: 'rewrite', early: 'kubernetes', earlyLine: 3 } }],
    },
    {
      name: 'hosts written last as a "fallback"',
      code: '.:53 {\n    forward . /etc/resolv.conf\n    hosts {\n        10.0.0.5 printer.lan\n        fallthrough\n    }\n}\n',
      errors: [{ messageId: 'order', line: 3, column: 5, data: { early: 'forward' } }],
    },
  ],
});
