import rule from '../../../src/lint/rules/duplicate-server-address.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'stub domain on the same port', code: KUBEADM + 'consul.local:53 {\n    errors\n    cache 30\n    forward . 10.150.0.1\n}\n' },
    { name: 'same zone on another port', code: KUBEADM + '.:5353 {\n    forward . 8.8.8.8\n}\n' },
    { name: 'same zone, distinct bind addresses', code: '.:53 {\n    bind 10.0.0.1\n    forward . 8.8.8.8\n}\n.:53 {\n    bind 10.0.0.2\n    forward . 1.1.1.1\n}\n' },
  ],
  invalid: [
    {
      name: 'coredns-custom re-declares .:53 (AKS/k3s custom .server file)',
      code: '.:53 {\n    errors\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n.:53 {\n    forward . 8.8.8.8\n}\n',
      errors: [{ messageId: 'duplicate', line: 6, column: 1, data: { otherLine: 1 } }],
    },
    {
      name: 'implicit port 53 equals explicit :53',
      code: 'example.com {\n    forward . 10.0.0.2\n}\nexample.com:53 {\n    forward . 10.0.0.3\n}\n',
      errors: [{ messageId: 'duplicate', line: 4, column: 1 }],
    },
    {
      name: 'one block bound to an address, the other to all',
      code: '.:53 {\n    forward . 8.8.8.8\n}\n.:53 {\n    bind 127.0.0.1\n    forward . 1.1.1.1\n}\n',
      errors: [{ messageId: 'overlap', line: 4, column: 1 }],
    },
  ],
});
