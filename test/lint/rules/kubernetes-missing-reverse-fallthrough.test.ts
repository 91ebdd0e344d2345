import rule from '../../../src/lint/rules/kubernetes-missing-reverse-fallthrough.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM, K3S } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: K3S, name: 'k3s default' },
    { name: 'no reverse zones', code: '.:53 {\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n' },
    { name: 'fallthrough for everything', code: '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        fallthrough\n    }\n}\n' },
  ],
  invalid: [
    {
      name: 'fallthrough dropped when customising the kubernetes block',
      code: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'noFallthrough', line: 3, column: 5, data: { zones: 'in-addr.arpa. ip6.arpa.' } }],
    },
    {
      name: 'fallthrough for in-addr.arpa only',
      code: '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        fallthrough in-addr.arpa\n    }\n}\n',
      errors: [{ messageId: 'noFallthrough', line: 3, column: 9, data: { zones: 'ip6.arpa.' } }],
    },
  ],
});
