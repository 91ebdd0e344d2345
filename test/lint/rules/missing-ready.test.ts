import rule from '../../../src/lint/rules/missing-ready.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';
import { EXAMPLE_DEPLOYMENT } from '../../../src/lint/docs-fixtures.ts';

const deployment = EXAMPLE_DEPLOYMENT;
// The pre-1.5 Corefile kept after switching to a Deployment whose readiness probe calls /ready.
const NO_READY = '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default with its Deployment', options: { deployment } },
    { code: NO_READY, name: 'no Deployment known, CoreDNS before 1.5 (no ready plugin yet): no assumption', options: { corednsVersion: '1.3.1' } },
  ],
  invalid: [
    {
      name: 'no Deployment known: the standard /ready probe is assumed (a warning that says so)',
      code: NO_READY,
      errors: [{ messageId: 'assumedMissing', line: 1, column: 1 }],
    },
    {
      name: 'Corefile from before CoreDNS 1.5 with a current Deployment',
      code: NO_READY,
      options: { deployment },
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { port: 8181 } }],
    },
    {
      name: 'ready on a custom port',
      code: '.:53 {\n    health\n    ready :9999\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n',
      options: { deployment },
      errors: [{ messageId: 'wrongPort', line: 3, column: 11, data: { listen: 9999 } }],
    },
  ],
});
