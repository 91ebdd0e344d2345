import rule from '../../../src/lint/rules/health-without-lameduck.ts';
import { ruleTester } from '../rule-tester.ts';
import { K3S, KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default: health { lameduck 5s }' },
    { name: 'no health at all (missing-health speaks about that)', code: '.:53 {\n    forward . 8.8.8.8\n}\n' },
    { name: 'lameduck on one of two health lines is enough (process-wide)', code: 'a.org:53 {\n    health\n    whoami\n}\n.:53 {\n    health :8080 {\n        lameduck 10s\n    }\n    whoami\n}\n' },
  ],
  invalid: [
    { name: 'k3s default: plain health', code: K3S, errors: [{ messageId: 'noLameduck', line: 3, column: 5 }] },
  ],
});
