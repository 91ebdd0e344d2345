import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { editService, inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('statefulset-pod-not-ready', {
  fires: [
    {
      // db-1 fails its readiness probe (its slice endpoint says ready: false); the app asks for it by its stable name.
      name: 'psql -h db-1.db.shop while db-1 is not ready',
      inputs: inputs('db-1.db.shop', b, { getaddrinfo: true }),
      message: ['Pod shop/db-1 is an endpoint of headless Service shop/db but not ready', 'db-1.db.shop.svc.cluster.local.'],
      hint: ['publishNotReadyAddresses: true'],
      severity: 'error',
      also: (r) => assert.equal(r.resolved, false),
    },
    {
      name: 'publishNotReadyAddresses set, but the slice still says ready=false (written by hand)',
      inputs: inputs('db-1.db.shop', editService(b, 'shop', 'db', (s) => { s.publishNotReadyAddresses = true; })),
      message: ['Pod shop/db-1'],
      hint: ['already sets publishNotReadyAddresses'],
    },
  ],
  quiet: [
    { name: 'db-0 is ready and resolves', inputs: inputs('db-0.db.shop', b) },
    { name: 'a pod name the Service has no endpoint for', inputs: inputs('db-7.db.shop', b) },
  ],
});
