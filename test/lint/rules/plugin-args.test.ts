import rule from '../../../src/lint/rules/plugin-args.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM, K3S } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: K3S, name: 'k3s default' },
    { code: '.:53 {\n    cache thirty\n    forward . 10.0.0.2\n}\n', name: 'cache with a non-number first arg takes it as a zone (as CoreDNS does)' },
    { code: '.:53 {\n    prometheus localhost:{$PORT}\n    forward . 10.0.0.2\n}\n', name: 'metrics README: a value from an environment placeholder is not judged' },
  ],
  invalid: [
    {
      name: 'pods secure (a mix of insecure and verified)',
      code: '.:53 {\n    kubernetes cluster.local {\n        pods secure\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'problem', line: 3, column: 14 }],
    },
    {
      name: 'forward without a destination',
      code: '.:53 {\n    kubernetes cluster.local\n    forward .\n}\n',
      errors: [{ messageId: 'problem', line: 3, column: 13 }],
    },
    {
      name: 'a placeholder does not hide a wrong argument count',
      code: '.:53 {\n    prometheus localhost:{$PORT} :9154\n    forward . 10.0.0.2\n}\n',
      errors: [{ messageId: 'problem', line: 2, column: 5 }],
    },
  ],
});
