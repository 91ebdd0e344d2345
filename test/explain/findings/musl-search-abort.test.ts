import { findingTester } from '../finding-tester.ts';
import { inputs, withNodes, withObjects } from '../scenario.ts';

const b = withObjects(withNodes(), 'alpine-pod.yaml');
const tools = { namespace: 'default', pod: 'tools' };

findingTester('musl-search-abort', {
  fires: [
    {
      name: 'from an Alpine pod `curl shop` stops at shop.svc.cluster.local (NODATA: a namespace name)',
      inputs: inputs('shop', b, { from: tools }),
      message: ["musl C library stopped the search at shop.svc.cluster.local. (NODATA)", 'shop.cluster.local.', 'shop.'],
      hint: ['`shop.`'],
      severity: 'warning',
    },
  ],
  quiet: [
    { name: 'the same name from a glibc pod goes on', inputs: inputs('shop', b) },
    { name: 'an Alpine pod asking a Service that exists', inputs: inputs('web.shop', b, { from: tools }) },
  ],
});
