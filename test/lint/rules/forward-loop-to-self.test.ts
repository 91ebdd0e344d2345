import rule from '../../../src/lint/rules/forward-loop-to-self.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'loopback on another port (a sidecar resolver)', code: '.:53 {\n    kubernetes cluster.local\n    forward . 127.0.0.1:5353\n}\n' },
  ],
  invalid: [
    {
      name: 'forward to 127.0.0.1 on a node copied from a dnsmasq setup',
      code: '.:53 {\n    errors\n    kubernetes cluster.local\n    forward . 127.0.0.1\n    cache 30\n}\n',
      errors: [{ messageId: 'self', line: 4, column: 15 }],
    },
    {
      name: 'explicit dns://[::1]:53',
      code: '.:53 {\n    forward . 10.0.0.2 dns://[::1]:53\n}\n',
      errors: [{ messageId: 'self', line: 2, column: 24, data: { port: 53 } }],
    },
  ],
});
