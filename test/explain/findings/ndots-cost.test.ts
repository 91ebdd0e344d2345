import { findingTester } from '../finding-tester.ts';
import { inputs, obsPair, SHOP_POD, withNodes } from '../scenario.ts';

const b = withNodes();
const search = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example.internal'];

findingTester('ndots-cost', {
  fires: [
    {
      name: '`curl api.github.com` sends 8 queries that fail before the real one',
      inputs: inputs('api.github.com', b, { getaddrinfo: true, observed: [...search.flatMap((d) => obsPair(`api.github.com.${d}.`, 'NXDOMAIN')), ...obsPair('api.github.com.', 'NOERROR', ['140.82.121.6'])] }),
      message: ['api.github.com has 2 dot(s), fewer than ndots 5', 'so 8 queries fail before api.github.com. answers'],
      hint: ['`api.github.com.`', 'value: "2"'],
      severity: 'warning',
    },
    {
      name: 'the full cluster name web.shop.svc.cluster.local (4 dots) still walks the search list',
      // The node's domain is asked too; offline its NXDOMAIN is assumed (and listed in the verdict).
      inputs: inputs('web.shop.svc.cluster.local', b, { getaddrinfo: true }),
      message: ['4 dot(s), fewer than ndots 5', '8 queries fail'],
    },
    {
      name: 'offline, an external name: api.github.com walks 4 search domains first (assumed NXDOMAIN upstream for the node one)',
      inputs: inputs('api.github.com', b, { getaddrinfo: true }),
      message: ['api.github.com has 2 dot(s), fewer than ndots 5', 'so 8 queries fail before api.github.com. answers'],
      severity: 'warning',
    },
    {
      name: '--type A: one query per name, so 4 fail',
      inputs: inputs('api.github.com', b),
      message: ['so 4 queries fail before api.github.com. answers'],
    },
  ],
  quiet: [
    { name: 'a short name answered by the first search domain', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
    { name: 'the trailing dot skips the search list', inputs: inputs('web.shop.svc.cluster.local.', b) },
    { name: 'web.shop answered by a search domain (the list is not pure cost)', inputs: inputs('web.shop', b) },
  ],
});
