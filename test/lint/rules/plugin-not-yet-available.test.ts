import rule from '../../../src/lint/rules/plugin-not-yet-available.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

const DNS64 = '.:53 {\n    errors\n    dns64 64:ff9b::/96\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: DNS64, name: 'dns64 on CoreDNS 1.7.0', options: { corednsVersion: '1.7.0' } },
  ],
  invalid: [
    {
      name: 'dns64 copied from current docs onto CoreDNS 1.6.7 (kubeadm 1.18)',
      code: DNS64,
      options: { corednsVersion: '1.6.7' },
      errors: [{ messageId: 'tooNew', line: 3, column: 5, data: { addedIn: '1.7.0' } }],
    },
  ],
});
