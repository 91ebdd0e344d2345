import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, obs, withNodes } from '../scenario.ts';

const b = withNodes();
const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };
const searchNx = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example.internal'].map((d) => obs(`api.github.com.${d}.`, 'NXDOMAIN'));

findingTester('upstream-forward-failure', {
  fires: [
    {
      name: 'the VPC resolver rate-limits CoreDNS: external names turn into SERVFAIL under load',
      inputs: inputs('api.github.com', b, { queriedVia: via, observed: [...searchNx, obs('api.github.com.', 'SERVFAIL')] }),
      message: ['api.github.com. is forwarded to /etc/resolv.conf', 'came back SERVFAIL'],
      hint: ['dig @NODE-RESOLVER api.github.com.'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'upstream-forward-failure'),
    },
    {
      name: 'the upstream times out while cluster names answer',
      inputs: inputs('api.github.com', b, { queriedVia: via, observed: [...searchNx, obs('api.github.com.', 'TIMEOUT')] }),
      message: ['came back TIMEOUT'],
    },
  ],
  quiet: [
    { name: 'the upstream answers', inputs: inputs('api.github.com', b, { queriedVia: via, observed: [...searchNx, obs('api.github.com.', 'NOERROR', ['140.82.121.6'])] }) },
    { name: 'offline', inputs: inputs('api.github.com', b) },
    {
      name: 'every query timed out: the pod never reached CoreDNS (dns-unreachable, not the upstream)',
      inputs: inputs('web.shop', b, { queriedVia: via, observed: [obs('web.shop.default.svc.cluster.local.', 'TIMEOUT'), obs('web.shop.', 'TIMEOUT')] }),
    },
  ],
});
