import rule from '../../../src/lint/rules/hosts-without-fallthrough.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM, K3S } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: K3S, name: 'k3s default (NodeHosts with fallthrough)' },
    { name: 'hosts alone in its own zone block', code: 'example.internal:53 {\n    hosts /etc/coredns/example.hosts\n}\n' },
    { name: 'hosts limited to a zone with fallthrough', code: '.:53 {\n    hosts /etc/hosts example.internal {\n        fallthrough\n    }\n    forward . /etc/resolv.conf\n}\n' },
  ],
  invalid: [
    {
      name: 'custom hosts entries without fallthrough break every Service name',
      code: '.:53 {\n    errors\n    hosts {\n        10.0.0.50 db.example.internal\n    }\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'clusterZone', line: 3, column: 5 }],
    },
    {
      name: 'hosts file in a stub block with forward',
      code: 'corp.example:53 {\n    hosts /etc/coredns/corp.hosts\n    forward . 10.1.0.2\n}\n',
      errors: [{ messageId: 'noFallthrough', line: 2, column: 5, data: { others: 'forward' } }],
    },
  ],
});
