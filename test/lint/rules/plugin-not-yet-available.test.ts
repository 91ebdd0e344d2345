import rule from '../../../src/lint/rules/plugin-not-yet-available.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

// kubeadm 1.13 shipped CoreDNS 1.2.6 with health but no ready; copying today's Corefile onto it
// adds `ready`, which that CoreDNS does not know (ready came in 1.5.0).
const READY_ON_126 = '.:53 {\n    errors\n    health\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n';
const DNS64 = '.:53 {\n    errors\n    dns64 64:ff9b::/96\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: DNS64, name: 'dns64 on CoreDNS 1.7.0', options: { corednsVersion: '1.7.0' } },
    { code: READY_ON_126, name: 'ready on CoreDNS 1.5.0 (kubeadm 1.15 era)', options: { corednsVersion: '1.5.0' } },
  ],
  invalid: [
    {
      name: 'dns64 copied from current docs onto CoreDNS 1.6.7 (kubeadm 1.18)',
      code: DNS64,
      options: { corednsVersion: '1.6.7' },
      errors: [{ messageId: 'tooNew', line: 3, column: 5, data: { addedIn: '1.7.0' } }],
    },
    {
      name: 'ready added to the Corefile of a kubeadm 1.13 cluster still on CoreDNS 1.2.6',
      code: READY_ON_126,
      options: { corednsVersion: '1.2.6' },
      errors: [{ messageId: 'tooNew', line: 4, column: 5, data: { addedIn: '1.5.0' } }],
    },
  ],
});
