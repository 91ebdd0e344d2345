import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, SHOP_POD, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('name-in-other-namespace', {
  fires: [
    {
      name: 'curl web from the default namespace while the web Service lives in shop',
      inputs: inputs('web', b),
      message: ['no Service web in namespace default', 'there is one in shop'],
      hint: ['`web.shop`', 'web.shop.svc.cluster.local'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'name-in-other-namespace'),
    },
    {
      name: 'web.default typed with the wrong namespace',
      inputs: inputs('web.default', b),
      message: ['no Service web in namespace default'],
    },
  ],
  quiet: [
    { name: 'web.shop from default', inputs: inputs('web.shop', b) },
    { name: 'web from inside shop', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
  ],
});
