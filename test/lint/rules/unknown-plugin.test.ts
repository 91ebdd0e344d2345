import rule from '../../../src/lint/rules/unknown-plugin.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM, K3S } from '../corefiles.ts';

ruleTester(rule, {
  valid: [{ code: KUBEADM, name: 'kubeadm default' }, { code: K3S, name: 'k3s default' }],
  invalid: [
    {
      name: 'typo kubernets (seen in StackOverflow questions)',
      code: '.:53 {\n    errors\n    kubernets cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'suggest', line: 3, column: 5, data: { suggestion: 'kubernetes' } }],
    },
    {
      name: 'external plugin not in the stock build (a warning: k8s_gateway images include it)',
      code: '.:53 {\n    errors\n    k8s_gateway example.com\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'external', line: 3, column: 5, data: { name: 'k8s_gateway' } }],
    },
    {
      name: 'unknown name that is no external plugin either',
      code: '.:53 {\n    errors\n    dnsmasq\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'unknown', line: 3, column: 5 }],
    },
  ],
});
