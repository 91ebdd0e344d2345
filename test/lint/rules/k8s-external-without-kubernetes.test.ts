import rule from '../../../src/lint/rules/k8s-external-without-kubernetes.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

// CoreDNS 1.15.0 refuses the invalid cases: "plugin/k8s_external: kubernetes plugin not loaded"
// (test/fixtures/corefiles/variants/k8s-external-without-kubernetes.Corefile in the differential test).
ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default (no k8s_external)' },
    { name: 'k8s_external README: beside kubernetes', code: '. {\n   kubernetes cluster.local\n   k8s_external example.org\n}\n' },
  ],
  invalid: [
    {
      name: 'k8s_external split into its own server block',
      code: '.:53 {\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\nexample.org:53 {\n    k8s_external example.org\n}\n',
      errors: [{ messageId: 'noKubernetes', line: 6, column: 5 }],
    },
  ],
});
