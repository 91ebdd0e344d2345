import rule from '../../../src/lint/rules/plugin-arg-read-as-zone.ts';
import { ruleTester } from '../rule-tester.ts';
import { K3S, KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: K3S, name: 'k3s default (hosts FILE, no zones)' },
    { name: 'cache TTL then zones', code: '.:53 {\n    cache 30 cluster.local\n    forward . 1.1.1.1\n}\n' },
    { name: 'kubernetes with a CIDR for reverse zones', code: '.:53 {\n    kubernetes cluster.local 10.96.0.0/12\n}\n' },
    { name: 'autopath @kubernetes', code: '.:53 {\n    autopath @kubernetes\n    kubernetes cluster.local {\n        pods verified\n    }\n}\n' },
  ],
  invalid: [
    {
      // CoreDNS 1.15.0 starts with it (variants/cache-ttl-with-unit.Corefile).
      name: 'cache 30s: the TTL with a unit becomes the zone "30s."',
      code: '.:53 {\n    kubernetes cluster.local\n    cache 30s\n}\n',
      errors: [{ messageId: 'asZone', line: 3, column: 11, data: { plugin: 'cache', arg: '30s', looks: 'a duration' } }],
    },
    {
      name: 'forward 8.8.8.8 8.8.4.4: FROM is the first address',
      code: '.:53 {\n    forward 8.8.8.8 8.8.4.4\n}\n',
      errors: [{ messageId: 'asZone', line: 2, column: 13, data: { plugin: 'forward', arg: '8.8.8.8', looks: 'an IP address' } }],
    },
    {
      name: 'hosts FILE followed by an address (meant as an entry)',
      code: '.:53 {\n    hosts /etc/coredns/NodeHosts 10.0.0.1 db.internal\n    forward . 1.1.1.1\n}\n',
      errors: [{ messageId: 'asZone', line: 2, column: 34, data: { looks: 'an IP address' } }],
    },
    {
      name: 'file with two zone files',
      code: 'example.org {\n    file db.example.org /etc/coredns/db.example.net\n}\n',
      errors: [{ messageId: 'asZone', line: 2, column: 25, data: { looks: 'a file path' } }],
    },
    {
      name: 'template with a TTL in the zone list',
      code: '.:53 {\n    template IN A example.org 60 {\n        answer "{{ .Name }} 60 IN A 10.0.0.1"\n    }\n}\n',
      errors: [{ messageId: 'asZone', line: 2, column: 31, data: { looks: 'a number' } }],
    },
  ],
});
