import rule from '../../../src/lint/rules/forward-resolv-conf-without-loop.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'forward to fixed addresses needs no loop', code: '.:53 {\n    kubernetes cluster.local\n    forward . 10.0.0.2 10.0.0.3\n    cache 30\n}\n' },
    {
      name: 'CoreDNS 1.1.3 (kubeadm 1.11) had no loop plugin to add',
      code: '.:53 {\n    kubernetes cluster.local\n    proxy . /etc/resolv.conf\n    cache 30\n}\n',
      options: { corednsVersion: '1.1.3' },
    },
  ],
  invalid: [
    {
      name: 'loop removed to stop the CrashLoopBackOff on Ubuntu (systemd-resolved)',
      code: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    reload\n}\n',
      errors: [{ messageId: 'noLoop', line: 4, column: 15, data: { plugin: 'forward', path: '/etc/resolv.conf' } }],
    },
    {
      name: 'proxy is named as proxy',
      code: '.:53 {\n    kubernetes cluster.local\n    proxy . /etc/resolv.conf\n    cache 30\n}\n',
      options: { corednsVersion: '1.3.1' },
      errors: [{ messageId: 'noLoop', line: 3, column: 13, data: { plugin: 'proxy', path: '/etc/resolv.conf' } }],
    },
  ],
});
