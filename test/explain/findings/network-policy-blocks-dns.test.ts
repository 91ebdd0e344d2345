import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, SHOP_POD, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();

findingTester('network-policy-blocks-dns', {
  fires: [
    {
      name: 'default-deny egress plus an allow-dns rule for UDP only: answers over 512 bytes (TCP retry) fail',
      inputs: inputs('web.shop', withObjects(b, 'netpol-dns-udp-only.yaml')),
      message: ['default/allow-dns', 'block TCP 53'],
      hint: ['protocol: TCP, port: 53'],
      severity: 'warning',
      also: (r) => {
        if (!r.resolved) throw new Error('UDP is allowed: the name should still resolve');
      },
    },
    {
      name: 'default-deny egress and nothing that allows DNS',
      inputs: inputs('web.shop', withObjects(b, 'netpol-default-deny.yaml')),
      message: ['default/default-deny-egress', 'block UDP 53 and TCP 53'],
      severity: 'error',
      also: (r) => {
        assertFirstError(r, 'network-policy-blocks-dns');
        if (r.resolved) throw new Error('resolved through a policy that drops UDP 53');
      },
    },
  ],
  quiet: [
    { name: 'no policy in the pod namespace', inputs: inputs('web.shop', b) },
    { name: 'shop: default-deny plus allow-dns for UDP and TCP to kube-dns pods', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
  ],
});
