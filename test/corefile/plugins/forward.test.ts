import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardConfig, parseForward } from '../../../src/corefile/plugins/forward.ts';
import { directive } from './directive.ts';
import { runSetupTable } from './table.ts';

// Meaning of plugin/forward/setup_test.go (TestSetup, TestSetupPolicy, TestSetupMaxConcurrent, ...).
runSetupTable('forward', parseForward, [
  { input: 'forward . /etc/resolv.conf', shouldErr: false, codes: [], expected: { from: '.', to: ['/etc/resolv.conf'] } },
  { input: 'forward . 127.0.0.1', shouldErr: false, expected: { from: '.', to: ['127.0.0.1'] } },
  { input: 'forward . 127.0.0.1:53 [2003::1]:53 tls://9.9.9.9', shouldErr: false },
  { input: 'forward example.org 10.0.0.1', shouldErr: false, expected: { from: 'example.org.' } },
  { input: 'forward', shouldErr: true, codes: ['arg-count'] },
  { input: 'forward .', shouldErr: true, codes: ['arg-count'] },
  { input: 'forward . 8.8.8.8 grpc://9.9.9.9', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . my-dns.kube-system', shouldErr: true, codes: ['bad-value'], version: '1.12.1' },
  // Host names as TO: 1.15.0's classifyToAddrs; 1.14.3 still refuses them (parse.HostPortOrFile).
  { input: 'forward . my-dns.kube-system', shouldErr: true, codes: ['bad-value'], version: '1.14.3' },
  { input: 'forward . my-dns.kube-system', shouldErr: false, version: '1.15.0' },
  { input: 'forward . quic://94.140.14.14', shouldErr: true, codes: ['bad-value'], version: '1.14.3' },
  { input: 'forward . quic://94.140.14.14', shouldErr: false, version: '1.15.0' },
  { input: 'forward . 1.1.1.1 2.2.2.2 3.3.3.3 4.4.4.4 5.5.5.5 6.6.6.6 7.7.7.7 8.8.8.8 9.9.9.9 10.10.10.10 11.11.11.11 12.12.12.12 13.13.13.13 14.14.14.14 15.15.15.15 16.16.16.16', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 127.0.0.1 {\n  policy random\n}', shouldErr: false, expected: { policy: 'random' } },
  { input: 'forward . 127.0.0.1 {\n  policy round_robin\n}', shouldErr: false, expected: { policy: 'round_robin' } },
  { input: 'forward . 127.0.0.1 {\n  policy sequential\n}', shouldErr: false, expected: { policy: 'sequential' } },
  { input: 'forward . 127.0.0.1 {\n  policy balanced\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 127.0.0.1 {\n  except miek.nl example.org\n}', shouldErr: false, expected: { except: ['miek.nl.', 'example.org.'] } },
  { input: 'forward . 127.0.0.1 {\n  except\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'forward . 127.0.0.1 {\n  force_tcp\n  prefer_udp\n}', shouldErr: false, expected: { forceTcp: true, preferUdp: true } },
  { input: 'forward . 127.0.0.1 {\n  force_tcp always\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'forward . 127.0.0.1 {\n  max_fails 3\n}', shouldErr: false, expected: { maxFails: 3 } },
  { input: 'forward . 127.0.0.1 {\n  max_fails -1\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 127.0.0.1 {\n  expire 20s\n}', shouldErr: false, expected: { expireMs: 20_000 } },
  { input: 'forward . 127.0.0.1 {\n  expire -20s\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 127.0.0.1 {\n  health_check 5s no_rec domain example.org\n}', shouldErr: false, expected: { healthCheckMs: 5000 } },
  { input: 'forward . 127.0.0.1 {\n  health_check 5s fast\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 127.0.0.1 {\n  health_check 5s domain\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'forward . 127.0.0.1 {\n  max_concurrent 1000\n}', shouldErr: false, expected: { maxConcurrent: 1000 } },
  { input: 'forward . 127.0.0.1 {\n  max_concurrent -4\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 127.0.0.1 {\n  max_concurrent many\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . tls://9.9.9.9 {\n  tls_servername dns.quad9.net\n  tls\n}', shouldErr: false, expected: { tlsServerName: 'dns.quad9.net' } },
  { input: 'forward . tls://9.9.9.9 {\n  tls a b c d\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'forward . 1.2.3.4 {\n  next NXDOMAIN SERVFAIL\n}', shouldErr: false, expected: { next: ['NXDOMAIN', 'SERVFAIL'] } },
  { input: 'forward . 1.2.3.4 {\n  next NOTANRCODE\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 1.2.3.4 5.6.7.8 {\n  failover SERVFAIL REFUSED\n}', shouldErr: false, expected: { failover: ['SERVFAIL', 'REFUSED'] } },
  { input: 'forward . 1.2.3.4 5.6.7.8 {\n  failover NOERROR\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'forward . 1.2.3.4 {\n  failfast_all_unhealthy_upstreams\n}', shouldErr: false, version: '1.12.0', expected: { failfastAllUnhealthyUpstreams: true } },
  { input: 'forward . 1.2.3.4 {\n  failfast_all_unhealthy_upstreams\n}', shouldErr: true, version: '1.11.3', codes: ['unknown-property'] },
  { input: 'forward . 1.2.3.4 {\n  max_idle 3\n}', shouldErr: true, codes: ['unknown-property'], at: [2, 3] },
]);

test('forwardConfig marks resolv.conf upstreams as files', () => {
  const c = forwardConfig(directive('forward . /etc/resolv.conf 10.0.0.10:53'));
  assert.deepEqual(c.upstreams.map((u) => [u.text, u.isFile]), [['/etc/resolv.conf', true], ['10.0.0.10:53', false]]);
});
