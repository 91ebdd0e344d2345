import rule from '../../../src/lint/rules/option-removed.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

const UPSTREAM = '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        upstream\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: UPSTREAM, name: 'upstream on CoreDNS 1.6.2 is only deprecated', options: { corednsVersion: '1.6.2' } },
  ],
  invalid: [
    {
      name: 'kubeadm 1.13 Corefile (upstream) after the upgrade to CoreDNS 1.7.0',
      code: UPSTREAM,
      options: { corednsVersion: '1.7.0' },
      errors: [{ messageId: 'removed', line: 5, column: 9 }],
    },
  ],
});
