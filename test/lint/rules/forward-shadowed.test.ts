import rule from '../../../src/lint/rules/forward-shadowed.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default: one forward' },
    { name: 'a narrower forward first, then the catch-all (the homelab split-DNS pattern)', code: '.:53 {\n    forward home.lan 192.168.1.1\n    forward . 1.1.1.1\n}\n' },
    { name: 'the earlier forward excepts the later zone', code: '.:53 {\n    forward . 1.1.1.1 {\n        except corp.example\n    }\n    forward corp.example 10.0.0.2\n}\n' },
    { name: 'the earlier forward passes NXDOMAIN on with next', code: '.:53 {\n    forward . 10.0.0.2 {\n        next NXDOMAIN\n    }\n    forward . 1.1.1.1\n}\n' },
  ],
  invalid: [
    {
      name: 'a second catch-all meant as a fallback upstream',
      code: '.:53 {\n    errors\n    forward . 10.0.0.2\n    forward . 8.8.8.8\n}\n',
      errors: [{ messageId: 'shadowed', line: 4, column: 5, data: { zone: '.', line: 3 } }],
    },
    {
      name: 'a stub zone written after the catch-all',
      code: '.:53 {\n    forward . /etc/resolv.conf\n    forward consul.local 10.150.0.1\n}\n',
      errors: [{ messageId: 'shadowed', line: 3, column: 5, data: { zone: 'consul.local.' } }],
    },
  ],
});
