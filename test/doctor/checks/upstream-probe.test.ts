import type { UpstreamProbe } from '../../../src/doctor/facts.ts';
import { cluster, testCheck } from '../check-tester.ts';

const VIA = 'port-forward to kube-system/coredns-7c65d6cfc9-4xkqz:53 (TCP)';
const live = (u: UpstreamProbe) => ({ ...cluster({ live: true }), upstream: u });
const r = (status: string, ms: number, answers?: string) => ({ status, ms, ...(answers ? { answers } : {}) });

testCheck('upstream-probe', [
  {
    name: 'a fast upstream, then the cache',
    inputs: live({ name: 'kubernetes.io.', via: VIA, results: [r('NOERROR', 23, '15.197.167.90'), r('NOERROR', 1, '15.197.167.90'), r('NOERROR', 1, '15.197.167.90')] }),
    status: 'ok',
    evidence: [`3 A queries for kubernetes.io. via ${VIA}`, 'first (through the upstream): NOERROR in 23 ms, 15.197.167.90', '#2 (cached): NOERROR in 1 ms'],
  },
  { name: 'a throttled upstream: 2.5 s for the first answer', inputs: live({ name: 'kubernetes.io.', via: VIA, results: [r('NOERROR', 2500), r('NOERROR', 1), r('NOERROR', 1)] }), status: 'warn', evidence: ['more than 1000 ms'] },
  { name: 'no upstream reachable: SERVFAIL every time', inputs: live({ name: 'kubernetes.io.', via: VIA, results: [r('SERVFAIL', 2001), r('SERVFAIL', 2002), r('SERVFAIL', 2001)] }), status: 'fail', evidence: ['first (through the upstream): SERVFAIL in 2001 ms'] },
  { name: 'one timeout of three', inputs: live({ name: 'kubernetes.io.', via: VIA, results: [r('TIMEOUT', 3000), r('NOERROR', 30), r('NOERROR', 1)] }), status: 'warn', evidence: ['first (through the upstream): TIMEOUT'] },
  { name: 'port-forward refused by RBAC', inputs: live({ name: 'kubernetes.io.', problem: 'RBAC: port-forward to kube-system/coredns-7c65d6cfc9-4xkqz is forbidden' }), status: 'skip', evidence: ['RBAC'], hint: ['pods/portforward'] },
  { name: 'offline', inputs: cluster(), status: 'skip', evidence: ['offline'] },
]);
