import rule from '../../../src/lint/rules/forward-resolv-conf-without-loop.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'forward to fixed addresses needs no loop', code: '.:53 {\n    kubernetes cluster.local\n    forward . 10.0.0.2 10.0.0.3\n    cache 30\n}\n' },
  ],
  invalid: [
    {
      name: 'loop removed to stop the CrashLoopBackOff on Ubuntu (systemd-resolved)',
      code: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    reload\n}\n',
      errors: [{ messageId: 'noLoop', line: 4, column: 15, data: { path: '/etc/resolv.conf' } }],
    },
  ],
});
