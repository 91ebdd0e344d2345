import rule from '../../../src/lint/rules/kubernetes-missing-reverse-fallthrough.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM, K3S } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: K3S, name: 'k3s default' },
    { name: 'no reverse zones', code: '.:53 {\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n' },
    { name: 'fallthrough for everything', code: '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        fallthrough\n    }\n}\n' },
    {
      name: 'no plugin after kubernetes to fall through to (kubernetes README: server block for a service CIDR)',
      code: '10.0.0.0/17 cluster.local {\n    kubernetes {\n        pods verified\n    }\n}\n',
    },
    {
      name: 'only plugins before kubernetes in the chain',
      code: '.:53 {\n    hosts {\n        fallthrough\n    }\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n}\n',
    },
  ],
  invalid: [
    {
      name: 'fallthrough dropped when customising the kubernetes block',
      code: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'noFallthrough', line: 3, column: 5, data: { zones: 'in-addr.arpa. ip6.arpa.' } }],
    },
    {
      name: 'fallthrough for in-addr.arpa only',
      code: '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        fallthrough in-addr.arpa\n    }\n    forward . 10.0.0.1\n}\n',
      errors: [{ messageId: 'noFallthrough', line: 3, column: 9, data: { zones: 'ip6.arpa.' } }],
    },
    {
      name: 'a CIDR zone lists a few of its reverse zones, not all 128',
      code: '10.0.0.0/17 cluster.local {\n    kubernetes\n    forward . 10.0.0.1\n}\n',
      errors: [{ messageId: 'noFallthrough', line: 2, column: 5, data: { zones: '0.0.10.in-addr.arpa. 1.0.10.in-addr.arpa. 2.0.10.in-addr.arpa. and 125 more' } }],
    },
  ],
});
