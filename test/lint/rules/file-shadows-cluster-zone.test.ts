import rule from '../../../src/lint/rules/file-shadows-cluster-zone.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { name: 'zone file for an unrelated zone', code: KUBEADM + 'example.internal:53 {\n    file /etc/coredns/db.example.internal\n}\n' },
    { name: 'cluster zone on another port', code: KUBEADM + 'cluster.local:5353 {\n    file /etc/coredns/db.cluster.local\n}\n' },
  ],
  invalid: [
    {
      name: 'a zone file for cluster.local added beside the kubernetes block',
      code: KUBEADM + 'cluster.local:53 {\n    file /etc/coredns/db.cluster.local\n}\n',
      errors: [{ messageId: 'file', line: 24, column: 1, data: { k8sLine: 7 } }],
    },
    {
      name: 'a forward block for a namespace subtree',
      code: KUBEADM + 'legacy.svc.cluster.local:53 {\n    forward . 10.0.0.2\n}\n',
      errors: [{ messageId: 'block', line: 24, column: 1 }],
    },
  ],
});
