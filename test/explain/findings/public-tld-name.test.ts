import { findingTester } from '../finding-tester.ts';
import { inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('public-tld-name', {
  fires: [
    {
      // Namespace shop, and .shop is a delegated TLD: a typo sends the name to the Internet.
      name: 'payment.shop (typo for payments.shop) falls through to the public .shop',
      inputs: inputs('payment.shop', b, { getaddrinfo: true }),
      message: ['payment.shop ends in .shop, a real top-level domain', 'asks payment.shop. on the Internet'],
      hint: ['payment.shop.svc.cluster.local'],
      severity: 'warning',
    },
    {
      name: 'web.shop resolves today, but the risk is there',
      inputs: inputs('web.shop', b),
      message: ['should the cluster names ever fail'],
      severity: 'info',
    },
  ],
  quiet: [
    { name: 'the full cluster name', inputs: inputs('web.shop.svc.cluster.local', b) },
    { name: 'a public name is meant to go out', inputs: inputs('api.github.com', b) },
    { name: 'a single label', inputs: inputs('web', b) },
  ],
});
