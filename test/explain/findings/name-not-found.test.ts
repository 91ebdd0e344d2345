import { findingTester } from '../finding-tester.ts';
import { inputs, obs, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };
const search = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example.internal'];
/** Every candidate NXDOMAIN, as dig in the pod would see it. */
const allNx = (name: string) => [...search.map((d) => obs(`${name}.${d}.`, 'NXDOMAIN')), obs(`${name}.`, 'NXDOMAIN')];

findingTester('name-not-found', {
  fires: [
    {
      name: 'the client asks for payment while the Service is called payments',
      inputs: inputs('payment.shop', b, { queriedVia: via, observed: allNx('payment.shop') }),
      message: ['No Service named payment exists in any namespace', 'did you mean payments (namespace shop)?'],
      severity: 'error',
    },
    {
      name: 'a short name nothing has',
      inputs: inputs('inventory', b, { queriedVia: via, observed: allNx('inventory') }),
      message: ['No Service named inventory'],
    },
    {
      // The node-domain and as-is names go upstream: NXDOMAIN assumed (the verdict lists it), so the walk still ends in a no.
      name: 'offline: payment.shop, whose upstream names are assumed NXDOMAIN',
      inputs: inputs('payment.shop', b),
      message: ['No Service named payment exists in any namespace', 'did you mean payments (namespace shop)?'],
    },
  ],
  quiet: [
    {
      name: 'an Alpine pod stopped at NODATA: the names never asked might exist (musl-search-abort says so)',
      inputs: inputs('shop', withObjects(b, 'alpine-pod.yaml'), { from: { namespace: 'default', pod: 'tools' } }),
    },
    { name: 'the Service exists', inputs: inputs('payments.shop', b) },
    {
      name: 'google.com failing upstream is not a missing Service',
      inputs: inputs('google.com', b, { queriedVia: via, observed: [...allNx('google.com').slice(0, 4), obs('google.com.', 'SERVFAIL')] }),
    },
  ],
});
