import { analyzeProbe, parseProbeOutput } from '../../../src/doctor/probe.ts';
import { parseResolvConf } from '../../../src/resolver/resolv-conf.ts';
import type { DoctorInputs } from '../../../src/doctor/facts.ts';
import { cluster, testCheck } from '../check-tester.ts';

const POD = 'shop/web-6d4b8c7f9d-2lq8x';
const T0 = 1764870000000000000n;

/** getent lookups timed as the in-pod loop prints them. */
function getent(times: number[], resolv = 'nameserver 10.96.0.10\noptions ndots:5\n', rcs: number[] = []): DoctorInputs {
  const text = times.map((ms, i) => `@@ ${i + 1} lookup ${rcs[i] ?? 0} ${T0} ${T0 + BigInt(Math.round(ms * 1e6))}\n`).join('');
  const conf = parseResolvConf(resolv);
  return { ...cluster(), probe: { pod: POD, analysis: analyzeProbe(parseProbeOutput('getent', text, conf.timeoutSeconds), 'kubernetes.default.svc.cluster.local.', conf) } };
}

const fast = Array.from({ length: 40 }, (_, i) => 1.5 + (i % 7) * 0.3);

testCheck('pod-dns-probe', [
  { name: 'not asked', inputs: cluster(), status: 'skip', evidence: ['not asked: add --probe-from'] },
  { name: '40 fast lookups', inputs: getent(fast), status: 'ok', evidence: [`${POD}: 40 lookups of kubernetes.default.svc.cluster.local. (A+AAAA) with getent`, 'latency p50 2 ms', 'distribution: <10ms 40'] },
  {
    name: 'the conntrack race: 1 of 40 lookups waits the 5 s timeout',
    inputs: getent([...fast.slice(0, 39), 5002.4]),
    status: 'warn',
    evidence: ['1 of 40 lookups waited 5 s for the resolver\'s retry', 'the 5-second pattern', 'max 5.00 s'],
    hint: ['single-request-reopen', 'NodeLocal DNSCache', 'use-vc'],
  },
  {
    name: 'one lookup in ten stalls',
    inputs: getent(fast.map((ms, i) => (i % 10 === 3 ? 5001 + ms : ms))),
    status: 'fail',
    evidence: ['4 of 40 lookups waited 5 s'],
  },
  {
    name: 'the pod already sets single-request-reopen and still stalls',
    inputs: getent(fast.map((ms, i) => (i % 10 === 3 ? 5001 + ms : ms)), 'nameserver 10.96.0.10\noptions ndots:5 single-request-reopen\n'),
    status: 'fail',
    evidence: ['options ndots:5 single-request-reopen'],
    hint: ['already sets single-request-reopen', 'conntrack -S'],
  },
  { name: 'exec refused by RBAC', inputs: { ...cluster(), probe: { pod: POD, problem: 'cannot read /etc/resolv.conf: RBAC: exec is forbidden' } }, status: 'skip', evidence: ['RBAC'], hint: ['pods/exec'] },
]);
