import { findingTester } from '../finding-tester.ts';
import { inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('pod-not-found', {
  fires: [
    {
      name: 'the pod name from last hour (without its ReplicaSet suffix) after the Deployment rolled',
      inputs: inputs('web.shop', b, { from: { namespace: 'shop', pod: 'web-6d4b8c7f9d' } }),
      message: ['Pod web-6d4b8c7f9d', 'namespace shop'],
      hint: ['kubectl get pods -n shop', 'did you mean web-6d4b8c7f9d-2lq8x?'],
      severity: 'error',
    },
    {
      name: 'a namespace that has no such pod and nothing close',
      inputs: inputs('web.shop', b, { from: { namespace: 'default', pod: 'checkout' } }),
      message: ['Pod checkout does not exist in namespace default'],
    },
  ],
  quiet: [{ name: 'the client pod exists', inputs: inputs('web.shop', b) }],
});
