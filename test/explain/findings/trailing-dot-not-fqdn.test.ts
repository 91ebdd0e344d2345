import { findingTester } from '../finding-tester.ts';
import { inputs, SHOP_POD, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('trailing-dot-not-fqdn', {
  fires: [
    {
      // A Helm value `host: "web."` in the shop namespace: only the top-level name web. is asked.
      name: 'web. from a pod of shop, where Service web lives',
      inputs: inputs('web.', b, { from: { ...SHOP_POD }, getaddrinfo: true }),
      message: ['web. ends with a dot, so the resolver asks only web.', 'Service shop/web exists as web.shop.svc.cluster.local.'],
      hint: ['`web`', '`web.shop.svc.cluster.local.`'],
      severity: 'error',
    },
    {
      name: 'web.shop. from default: the namespace is there, the dot still stops the search list',
      inputs: inputs('web.shop.', b, { getaddrinfo: true }),
      message: ['asks only web.shop.', 'Service shop/web'],
      hint: ['`web.shop`'],
    },
  ],
  quiet: [
    { name: 'the full cluster name with its dot resolves', inputs: inputs('web.shop.svc.cluster.local.', b) },
    { name: 'web without the dot', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
    { name: 'a trailing dot on a public name', inputs: inputs('api.github.com.', b) },
  ],
});
