import { findingTester } from '../finding-tester.ts';
import { base, editService, inputs, obs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('external-name-unresolvable', {
  fires: [
    {
      name: 'payments points at payments.example.com, a name only the office DNS knows',
      inputs: inputs('payments.shop', b, {
        queriedVia: { kind: 'pod-exec', detail: 'dig in container client' },
        observed: [obs('payments.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('payments.shop.svc.cluster.local.', 'NXDOMAIN', ['payments.example.com.'])],
      }),
      message: ['Service shop/payments is an ExternalName for payments.example.com', 'fails with NXDOMAIN'],
      // CoreDNS forwards to /etc/resolv.conf: the node's resolver (192.168.56.1) is the one to ask.
      hint: ['`dig @192.168.56.1 payments.example.com.`'],
      severity: 'error',
    },
    {
      name: 'the nodes\' resolv.conf is not known: the hint says which server to ask, without inventing it',
      inputs: inputs('payments.shop', base(), {
        queriedVia: { kind: 'pod-exec', detail: 'dig in container client' },
        observed: [obs('payments.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('payments.shop.svc.cluster.local.', 'NXDOMAIN', ['payments.example.com.'])],
      }),
      message: ['ExternalName for payments.example.com'],
      hint: ['`dig payments.example.com` against the address CoreDNS\'s forward uses'],
    },
    {
      name: 'an ExternalName set to an IP address (externalName: 10.20.30.40)',
      inputs: inputs('payments.shop', editService(b, 'shop', 'payments', (s) => { s.externalName = '10.20.30.40'; })),
      message: ['ExternalName for 10.20.30.40', 'is an IP address'],
      hint: ['ClusterIP Service without selector'],
    },
  ],
  quiet: [
    { name: 'offline: the target cannot be checked', inputs: inputs('payments.shop', b) },
    {
      name: 'the target resolves upstream',
      inputs: inputs('payments.shop', b, {
        observed: [obs('payments.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('payments.shop.svc.cluster.local.', 'NOERROR', ['payments.example.com.', '203.0.113.10'])],
      }),
    },
  ],
});
