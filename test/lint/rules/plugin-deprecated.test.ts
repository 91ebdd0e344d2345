import rule from '../../../src/lint/rules/plugin-deprecated.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

const PROXY = '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    proxy . /etc/resolv.conf\n    cache 30\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: PROXY, name: 'proxy before its deprecation', options: { corednsVersion: '1.3.1' } },
    { code: PROXY, name: 'proxy after removal is plugin-removed, not this rule', options: { corednsVersion: '1.6.2' } },
  ],
  invalid: [
    {
      name: 'proxy on CoreDNS 1.4.0 (kubeadm 1.14 era)',
      code: PROXY,
      options: { corednsVersion: '1.4.0' },
      errors: [{ messageId: 'deprecated', line: 4, column: 5 }],
    },
  ],
});
