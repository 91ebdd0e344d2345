import rule from '../../../src/lint/rules/plugin-removed.ts';
import { ruleTester } from '../rule-tester.ts';
import { KUBEADM } from '../corefiles.ts';

// kubeadm <= 1.13 shipped "proxy . /etc/resolv.conf"; CoreDNS 1.5.0 dropped proxy.
const OLD_KUBEADM = `.:53 {
    errors
    health
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       upstream
       fallthrough in-addr.arpa ip6.arpa
    }
    prometheus :9153
    proxy . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;

ruleTester(rule, {
  valid: [
    { code: KUBEADM, name: 'kubeadm default' },
    { code: OLD_KUBEADM, name: 'proxy on the CoreDNS that kubeadm 1.13 shipped', options: { corednsVersion: '1.2.6' } },
  ],
  invalid: [
    {
      name: 'proxy after upgrading to CoreDNS 1.6.2',
      code: OLD_KUBEADM,
      options: { corednsVersion: '1.6.2' },
      errors: [{ messageId: 'removed', line: 10, column: 5, data: { removedIn: '1.5.0' } }],
    },
    {
      name: 'federation on the newest CoreDNS',
      code: '.:53 {\n    kubernetes cluster.local\n    federation cluster.local {\n        prod prod.example.com\n    }\n    forward . /etc/resolv.conf\n}\n',
      errors: [{ messageId: 'removed', line: 3, column: 5 }],
    },
  ],
});
