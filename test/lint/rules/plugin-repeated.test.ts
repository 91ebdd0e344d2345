import rule from '../../../src/lint/rules/plugin-repeated.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    {
      name: 'cache once in each of two server blocks',
      code: '.:53 {\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n    cache 30\n}\nexample.com:53 {\n    forward . 10.0.0.2\n    cache 30\n}\n',
    },
  ],
  invalid: [
    {
      name: 'cache twice after a copy-paste',
      code: '.:53 {\n    errors\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    cache 300\n}\n',
      errors: [{ messageId: 'repeated', line: 7, column: 5, data: { firstLine: 5 } }],
    },
    {
      name: 'a second kubernetes line for another zone',
      code: '.:53 {\n    kubernetes cluster.local\n    kubernetes cluster2.local\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'repeated', line: 3, column: 5 }],
    },
  ],
});
