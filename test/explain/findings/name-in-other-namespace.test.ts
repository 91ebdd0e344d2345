import assert from 'node:assert/strict';
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
    {
      name: 'psql -h db-0.db from default: the StatefulSet pod db-0 (subdomain db) lives in shop',
      inputs: inputs('db-0.db', b),
      message: ['no pod name db-0.db in namespace default', 'there is one in shop'],
      hint: ['`db-0.db.shop`', 'db-0.db.shop.svc.cluster.local'],
      also: (r) => {
        assertFirstError(r, 'name-in-other-namespace');
        assert.equal(r.undetermined, undefined, 'a cluster name in another namespace: a plain no');
      },
    },
    {
      name: 'db-0.db.default: the pod name with the wrong namespace',
      inputs: inputs('db-0.db.default', b),
      message: ['no pod name db-0.db in namespace default', 'there is one in shop'],
    },
    {
      name: 'an SRV-style port name _http._tcp.web from default',
      inputs: inputs('_http._tcp.web', b),
      message: ['no Service port name _http._tcp.web in namespace default', 'there is one in shop'],
      hint: ['`_http._tcp.web.shop`'],
    },
  ],
  quiet: [
    { name: 'web.shop from default', inputs: inputs('web.shop', b) },
    { name: 'web from inside shop', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
    { name: 'db-0.db.shop from default resolves', inputs: inputs('db-0.db.shop', b) },
    { name: 'a name that exists nowhere in the cluster', inputs: inputs('nosuch-0.nosuch', b) },
  ],
});
