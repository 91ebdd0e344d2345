import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, obs, scaleCoreDns, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };
const timedOut = [obs('web.shop.default.svc.cluster.local.', 'TIMEOUT'), obs('web.shop.', 'TIMEOUT')];

findingTester('dns-unreachable', {
  fires: [
    {
      name: 'kube-proxy crash-loops on the node: the kube-dns Service IP goes nowhere, dig times out',
      inputs: inputs('web.shop', b, {
        queriedVia: via,
        observed: [obs('web.shop.default.svc.cluster.local.', 'TIMEOUT'), obs('web.shop.', 'TIMEOUT')],
      }),
      message: ['No query got an answer from 10.96.0.10', '(2 timed out)'],
      hint: ['from the pod'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'dns-unreachable'),
    },
  ],
  quiet: [
    { name: 'offline: nothing sent', inputs: inputs('web.shop', b) },
    {
      name: 'answers came back',
      inputs: inputs('web.shop', b, {
        queriedVia: via,
        observed: [obs('web.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7'])],
      }),
    },
    // The timeouts were predicted from the objects: the finding for that cause says it once.
    { name: 'CoreDNS scaled to zero and dig timed out, as predicted (coredns-scaled-to-zero says why)', inputs: inputs('web.shop', scaleCoreDns(b), { queriedVia: via, observed: timedOut }) },
    { name: 'a default-deny egress policy dropped the queries, as predicted (network-policy-blocks-dns says why)', inputs: inputs('web.shop', withObjects(b, 'netpol-default-deny.yaml'), { queriedVia: via, observed: timedOut }) },
  ],
});
