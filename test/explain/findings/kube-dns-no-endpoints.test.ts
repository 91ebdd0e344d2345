import { findingTester, assertFirstError } from '../finding-tester.ts';
import { crashLoopCoreDns, emptyDnsEndpoints, inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('kube-dns-no-endpoints', {
  fires: [
    {
      name: 'after a Helm upgrade the kube-dns selector matches no CoreDNS pod: the EndpointSlice is empty',
      inputs: inputs('web.shop', emptyDnsEndpoints(b)),
      message: ['Service kube-system/kube-dns has no ready endpoint', 'queries to 10.96.0.10 get no answer'],
      hint: ['k8s-app=kube-dns'],
      severity: 'error',
      also: (r) => {
        assertFirstError(r, 'kube-dns-no-endpoints');
        if (r.queries.some((q) => q.predicted !== 'TIMEOUT')) throw new Error('queries should be predicted TIMEOUT');
      },
    },
    {
      name: 'every CoreDNS pod is crash-looping: both endpoints listed not ready',
      inputs: inputs('web.shop', crashLoopCoreDns(b)),
      message: ['(2 not ready)'],
    },
  ],
  quiet: [
    { name: 'two ready endpoints', inputs: inputs('web.shop', b) },
    { name: 'one of two endpoints ready', inputs: inputs('web.shop', crashLoopCoreDns(b, 'CrashLoopBackOff', 'one')) },
  ],
});
