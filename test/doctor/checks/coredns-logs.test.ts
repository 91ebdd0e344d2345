import test from 'node:test';
import assert from 'node:assert/strict';
import { cluster, testCheck } from '../check-tester.ts';
import { countLogPatterns, lastConfigHash } from '../../../src/doctor/log-patterns.ts';

/** CoreDNS 1.11 start-up lines, as `kubectl logs` prints them. */
const START = `.:53
[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908
CoreDNS-1.11.3
linux/amd64, go1.21.11, a6338e9
`;
const TIMEOUT = '[ERROR] plugin/errors: 2 api.stripe.com. A: read udp 10.244.0.2:48322->192.168.56.1:53: i/o timeout';
const LOOP = '[FATAL] plugin/loop: Loop (127.0.0.1:42071 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 5799046874759025118.6581212788663693097."';
const WATCH = 'W1120 10:00:01.123456       1 reflector.go:539] pkg/mod/k8s.io/client-go@v0.29.3/tools/cache/reflector.go:229: failed to list *v1.EndpointSlice: endpointslices.discovery.k8s.io is forbidden: User "system:serviceaccount:kube-system:coredns" cannot list resource "endpointslices"';
const SERVFAIL = '[INFO] 10.244.1.5:41000 - 1234 "A IN api.stripe.com. udp 43 false 512" SERVFAIL qr,rd 43 2.001s';

const A = 'kube-system/coredns-7c65d6cfc9-4xkqz';
const B = 'kube-system/coredns-7c65d6cfc9-b8m2p';

test('countLogPatterns counts each kind of trouble per pod', () => {
  const counts = countLogPatterns({ [A]: `${START}${TIMEOUT}\n${TIMEOUT}\n${SERVFAIL}\n`, [B]: `${START}${WATCH}\n` });
  const by = Object.fromEntries(counts.map((c) => [c.pattern.id, c]));
  assert.deepEqual(by['upstream-timeout']!.byPod, { [A]: 2 });
  assert.equal(by['servfail']!.total, 1);
  assert.deepEqual(by['api-errors']!.byPod, { [B]: 1 });
  assert.equal(by['loop']!.total, 0);
  assert.equal(lastConfigHash(START)?.slice(0, 8), '591cf328');
});

testCheck('coredns-logs', [
  { name: 'quiet start-up logs', inputs: cluster({ logs: { [A]: START, [B]: START } }), status: 'ok', evidence: ['read the last 1000 lines of 2 pods', 'no upstream timeouts'] },
  {
    name: 'the upstream resolver drops queries',
    inputs: cluster({ logs: { [A]: `${START}${TIMEOUT}\n${TIMEOUT}\n${TIMEOUT}\n`, [B]: `${START}${TIMEOUT}\n` } }),
    status: 'warn',
    evidence: ['upstream i/o timeouts: 4 (coredns-7c65d6cfc9-4xkqz 3, coredns-7c65d6cfc9-b8m2p 1)', 'e.g. [ERROR] plugin/errors'],
    hint: ['upstream resolvers'],
  },
  { name: 'a forwarding loop through systemd-resolved', inputs: cluster({ logs: { [A]: `${START}${LOOP}\n`, [B]: START } }), status: 'fail', evidence: ['forwarding loops detected: 1'], hint: ['/run/systemd/resolve/resolv.conf'] },
  { name: 'RBAC lost on EndpointSlices', inputs: cluster({ logs: { [A]: `${START}${WATCH}\n`, [B]: START } }), status: 'warn', evidence: ['Kubernetes API watch/list errors: 1'] },
  { name: 'offline', inputs: cluster(), status: 'skip', evidence: ['offline: a snapshot holds no logs'] },
]);
