import rule from '../../../src/lint/rules/missing-health.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';
import { EXAMPLE_DEPLOYMENT } from '../../../src/lint/docs-fixtures.ts';

const deployment = EXAMPLE_DEPLOYMENT;
const NO_HEALTH = '.:53 {\n    errors\n    ready\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default with its Deployment', options: { deployment } },
    { code: '.:53 {\n    forward . 8.8.8.8\n}\n', name: 'no Deployment known and not a cluster Corefile (no kubernetes): no assumption' },
  ],
  invalid: [
    {
      name: 'no Deployment known: the standard probes are assumed (a warning that says so)',
      code: NO_HEALTH,
      errors: [{ messageId: 'assumedMissing', line: 1, column: 1 }],
    },
    {
      name: 'health removed while the kubeadm liveness probe still calls /health:8080',
      code: NO_HEALTH,
      options: { deployment },
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { port: 8080 } }],
    },
    {
      name: 'health moved to :8091 (as in some Helm values) without changing the probe',
      code: '.:53 {\n    errors\n    health :8091\n    ready\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n',
      options: { deployment },
      errors: [{ messageId: 'wrongPort', line: 3, column: 12, data: { listen: 8091, port: 8080 } }],
    },
  ],
});
