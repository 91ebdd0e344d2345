import rule from '../../../src/lint/rules/option-deprecated.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

const UPSTREAM = '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        upstream\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: UPSTREAM, name: 'after removal it is option-removed', options: { corednsVersion: '1.8.0' } },
  ],
  invalid: [
    {
      name: 'upstream kept on CoreDNS 1.6.2 (kubeadm 1.16)',
      code: UPSTREAM,
      options: { corednsVersion: '1.6.2' },
      errors: [{ messageId: 'deprecated', line: 5, column: 9 }],
    },
  ],
});
