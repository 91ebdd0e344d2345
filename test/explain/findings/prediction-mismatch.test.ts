import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { inputs, obs, withNodes } from '../scenario.ts';

const b = withNodes();
const nx = obs('web.shop.default.svc.cluster.local.', 'NXDOMAIN');
const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };

findingTester('prediction-mismatch', {
  fires: [
    {
      name: "a Service deleted a minute ago: CoreDNS's cache 30 still hands out the old address",
      inputs: inputs('old-web.shop', b, { observed: [obs('old-web.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('old-web.shop.svc.cluster.local.', 'NOERROR', ['10.96.44.2'])] }),
      message: ['old-web.shop.svc.cluster.local. was predicted NXDOMAIN', 'came back NOERROR 10.96.44.2'],
      hint: ['recently deleted object still cached'],
      severity: 'warning',
    },
    {
      name: 'the Service was recreated with a new ClusterIP and the answer still carries the old one',
      inputs: inputs('web.shop', b, { observed: [nx, obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.99'])] }),
      message: ['predicted NOERROR 10.96.12.7', 'came back NOERROR 10.96.12.99'],
    },
    {
      name: 'a brand-new Service CoreDNS has not seen yet (negative answer cached)',
      inputs: inputs('web.shop', b, { observed: [nx, obs('web.shop.svc.cluster.local.', 'NXDOMAIN'), obs('web.shop.cluster.local.', 'NXDOMAIN'), obs('web.shop.lab.example.internal.', 'NXDOMAIN'), obs('web.shop.', 'NXDOMAIN')] }),
      message: ['predicted NOERROR', 'came back NXDOMAIN'],
      hint: ['negative answer still cached'],
    },
    {
      name: 'one query timed out while the next one answered: a lost packet (conntrack race), not a dead path',
      inputs: inputs('web.shop', b, { queriedVia: via, observed: [obs('web.shop.default.svc.cluster.local.', 'TIMEOUT'), obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7'])] }),
      message: ['web.shop.default.svc.cluster.local. was predicted NXDOMAIN', 'came back TIMEOUT'],
      hint: ['No answer came back'],
      also: (r) => assert.ok(!r.findings.some((f) => f.id === 'dns-unreachable'), 'not every query timed out'),
    },
  ],
  quiet: [
    { name: 'the answers match the objects', inputs: inputs('web.shop', b, { observed: [nx, obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7'])] }) },
    { name: 'offline', inputs: inputs('web.shop', b) },
    {
      // dns-unreachable already says "no query got an answer"; a mismatch per query only repeated it.
      name: 'kube-proxy is down on the node: every query timed out (dns-unreachable covers it)',
      inputs: inputs('web.shop', b, { queriedVia: via, observed: [obs('web.shop.default.svc.cluster.local.', 'TIMEOUT'), obs('web.shop.', 'TIMEOUT')] }),
    },
  ],
});
