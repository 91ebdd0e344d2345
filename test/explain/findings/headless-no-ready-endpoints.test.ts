import { findingTester } from '../finding-tester.ts';
import { editService, inputs, unreadyEndpoints, withNodes } from '../scenario.ts';

const b = withNodes();
const noneReady = unreadyEndpoints(b, 'shop', 'db');

findingTester('headless-no-ready-endpoints', {
  fires: [
    {
      name: 'a database StatefulSet whose readiness needs the cluster formed: no pod ready, peers cannot find each other',
      inputs: inputs('db.shop', noneReady),
      message: ['Headless Service shop/db has no ready endpoint', '(2 not ready)'],
      hint: ['publishNotReadyAddresses: true'],
      severity: 'error',
      also: (r) => {
        if (r.resolved) throw new Error('db.shop resolved without ready endpoints');
      },
    },
  ],
  quiet: [
    { name: 'db-0 ready, db-1 not (the fixture)', inputs: inputs('db.shop', b) },
    { name: 'publishNotReadyAddresses: true', inputs: inputs('db.shop', editService(noneReady, 'shop', 'db', (s) => { s.publishNotReadyAddresses = true; })) },
  ],
});
