import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeProbe, parseProbeOutput, probeScript, type ProbePlan } from '../../src/doctor/probe.ts';
import { parseResolvConf } from '../../src/resolver/resolv-conf.ts';

const PLAN: ProbePlan = { name: 'kubernetes.default.svc.cluster.local.', count: 3, nameserver: '10.96.0.10', timeoutSeconds: 5, attempts: 2, budgetSeconds: 60 };

/** dig 9.18 with +noall +comments +stats, as it prints an answer. */
const ANSWER = (status: string, ms: number) => `;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: ${status}, id: 40312
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; Query time: ${ms} msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Fri Dec 04 17:40:00 UTC 2026
;; MSG SIZE  rcvd: 104

`;
const TIMEOUT = ';; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n';

test('the scripts are POSIX sh loops bounded by the budget, quoting the name', () => {
  const dig = probeScript('dig', PLAN);
  assert.match(dig, /while \[ \$i -lt 3 \]/);
  assert.match(dig, /\[ \$\(date \+%s\) -ge \$end \] && \{ echo "@@ budget"; break; \}/);
  assert.match(dig, /dig \+tries=1 \+timeout=5 \+nocookie \+noall \+comments \+stats @10\.96\.0\.10 'kubernetes\.default\.svc\.cluster\.local\.' A/);
  assert.match(dig, /'kubernetes\.default\.svc\.cluster\.local\.' AAAA/);
  assert.match(probeScript('getent', { ...PLAN, name: "x'; rm -rf /" }), /getent ahosts 'x'\\''; rm -rf \/'/);
});

test('dig output: answers with their time, timeouts, the lookup they belong to', () => {
  const text = `@@ 1 A\n${ANSWER('NOERROR', 1)}@@ 1 AAAA\n${ANSWER('NOERROR', 2)}@@ 2 A\n${ANSWER('NOERROR', 1)}@@ 2 AAAA\n${TIMEOUT}@@ 3 A\n${ANSWER('SERVFAIL', 40)}@@ 3 AAAA\n${ANSWER('NOERROR', 3)}`;
  const p = parseProbeOutput('dig', text, 5);
  assert.deepEqual(
    p.queries.map((q) => [q.lookup, q.type, q.outcome, q.rcode ?? null, q.ms]),
    [
      [1, 'A', 'answer', 'NOERROR', 1],
      [1, 'AAAA', 'answer', 'NOERROR', 2],
      [2, 'A', 'answer', 'NOERROR', 1],
      [2, 'AAAA', 'timeout', null, 5000],
      [3, 'A', 'answer', 'SERVFAIL', 40],
      [3, 'AAAA', 'answer', 'NOERROR', 3],
    ],
  );
  assert.deepEqual(p.lookups, [
    { lookup: 1, ok: true, ms: 2 },
    { lookup: 2, ok: false, ms: 5000 },
    { lookup: 3, ok: true, ms: 40 },
  ]);
  const a = analyzeProbe(p, PLAN.name, parseResolvConf('nameserver 10.96.0.10\n'));
  assert.equal(a.timeouts, 1);
  assert.equal(a.retried, 1);
  assert.equal(a.onePairLost, 1);
  assert.deepEqual(a.badRcodes, { SERVFAIL: 1 });
  assert.deepEqual(a.buckets.map((b) => b.count), [1, 1, 0, 0, 1]);
});

test('getent output: lookups timed in ns; the 5-second pattern = fast lookups and some at timeout + a little', () => {
  const t0 = 1764870000000000000n;
  const line = (i: number, ms: number, rc = 0) => `@@ ${i} lookup ${rc} ${t0} ${t0 + BigInt(Math.round(ms * 1e6))}\n`;
  const times = [2.1, 1.8, 5003.2, 2.4, 1.9, 2.2, 5001.7, 3.0, 2.0, 1.7];
  const p = parseProbeOutput('getent', times.map((ms, i) => line(i + 1, ms)).join(''), 5);
  assert.equal(p.lookups.length, 10);
  assert.equal(p.lookups[2]!.ms, 5003.2);
  const a = analyzeProbe(p, 'web', parseResolvConf('nameserver 10.96.0.10\noptions ndots:5\n'));
  assert.equal(a.timeoutShaped, 2);
  assert.equal(a.retried, 2);
  assert.ok(a.fiveSecondPattern);
  assert.equal(a.latencyMs.max, 5003.2);
  assert.deepEqual(a.options, ['ndots:5']);
  // Uniformly slow lookups (an overloaded server) are not the pattern.
  const slow = analyzeProbe(parseProbeOutput('getent', [800, 900, 1200].map((ms, i) => line(i + 1, ms)).join(''), 5), 'web', parseResolvConf(''));
  assert.equal(slow.fiveSecondPattern, false);
  // busybox date without %N
  assert.match(parseProbeOutput('getent', '@@ 1 lookup 0 1764870000N 1764870000N\n', 5).problem ?? '', /nanosecond/);
});

test('the timeout in the pod\'s resolv.conf sets the mark (timeout:2 => 2-second pattern)', () => {
  const t0 = 1764870000000000000n;
  const text = [1.5, 2002.5, 1.2, 1.4].map((ms, i) => `@@ ${i + 1} lookup 0 ${t0} ${t0 + BigInt(Math.round(ms * 1e6))}\n`).join('');
  const a = analyzeProbe(parseProbeOutput('getent', text, 2), 'web', parseResolvConf('options timeout:2 single-request-reopen\n'));
  assert.equal(a.timeoutSeconds, 2);
  assert.equal(a.timeoutShaped, 1);
  assert.deepEqual(a.options, ['timeout:2', 'single-request-reopen']);
});
