import { findingTester, assertFirstError } from '../finding-tester.ts';
import { crashLoopCoreDns, inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('coredns-not-ready', {
  fires: [
    {
      name: 'a Corefile edit with an unknown plugin: after reload every CoreDNS pod crash-loops',
      inputs: inputs('web.shop', crashLoopCoreDns(b)),
      message: ['0 of 2 CoreDNS pods are ready', 'CrashLoopBackOff'],
      hint: ['kubectl -n kube-system logs coredns-7c65d6cfc9-', '--previous'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'coredns-not-ready'),
    },
    {
      name: 'one of two CoreDNS pods crash-loops: DNS works, at half capacity',
      inputs: inputs('web.shop', crashLoopCoreDns(b, 'CrashLoopBackOff', 'one')),
      message: ['1 of 2 CoreDNS pods are ready'],
      severity: 'warning',
    },
  ],
  quiet: [{ name: 'both CoreDNS pods ready', inputs: inputs('web.shop', b) }],
});
