import { cluster, find, testCheck } from '../check-tester.ts';

testCheck('network-policy-dns', [
  { name: 'default-deny with a DNS exception (kubeadm fixture, namespace shop)', inputs: cluster(), status: 'ok', evidence: ['shop: DNS allowed'] },
  {
    name: 'default-deny egress without the DNS exception',
    inputs: cluster({ edit: (items) => items.splice(items.indexOf(find(items, 'NetworkPolicy', 'allow-dns')), 1) }),
    status: 'fail',
    evidence: ['shop: DNS blocked for all 3 pods by shop/default-deny-egress'],
  },
  {
    name: 'the exception names only the kube-dns Service IP (does not survive the DNAT)',
    inputs: cluster({
      edit: (items) => {
        find(items, 'NetworkPolicy', 'allow-dns')['spec'].egress[0].to = [{ ipBlock: { cidr: '10.96.0.10/32' } }];
      },
    }),
    status: 'fail',
    evidence: ['shop: DNS blocked'],
  },
  {
    name: 'the exception allows UDP only',
    inputs: cluster({ edit: (items) => (find(items, 'NetworkPolicy', 'allow-dns')['spec'].egress[0].ports = [{ port: 53, protocol: 'UDP' }]) }),
    status: 'warn',
    evidence: ['TCP 53 blocked'],
  },
]);
