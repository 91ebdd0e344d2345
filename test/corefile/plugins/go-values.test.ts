import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atoi, isIpHostPort, normalizeZone, parseDuration, parseUint } from '../../../src/corefile/plugins/go-values.ts';

test('parseDuration follows time.ParseDuration', () => {
  const cases: [string, number | undefined][] = [['5s', 5000], ['1m30s', 90_000], ['1.5h', 5_400_000], ['300ms', 300], ['0', 0], ['-2s', -2000], ['5', undefined], ['', undefined], ['5 s', undefined], ['1d', undefined], ['.5s', 500]];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test('atoi and parseUint match strconv', () => {
  assert.equal(atoi('+30'), 30);
  assert.equal(atoi('3.0'), undefined);
  assert.equal(atoi('99999999999999999999'), undefined);
  assert.equal(parseUint('-1', 32), undefined);
  assert.equal(parseUint('4294967296', 32), undefined);
});

test('normalizeZone strips scheme and port and expands CIDRs', () => {
  assert.deepEqual(normalizeZone('Example.ORG:53'), ['example.org.']);
  assert.deepEqual(normalizeZone('dns://.:53'), ['.']);
  assert.deepEqual(normalizeZone('10.0.0.0/8'), ['10.in-addr.arpa.']);
  assert.deepEqual(normalizeZone('10.0.0.0/23'), ['0.0.10.in-addr.arpa.', '1.0.10.in-addr.arpa.']);
  assert.deepEqual(normalizeZone('fd00::/8'), ['d.f.ip6.arpa.']);
});

test('isIpHostPort', () => {
  assert.ok(isIpHostPort('10.0.0.1:53'));
  assert.ok(isIpHostPort('[2003::1]:53'));
  assert.ok(isIpHostPort('2003::1'));
  assert.ok(!isIpHostPort('10.0.0.1:99999'));
  assert.ok(!isIpHostPort('dns.google'));
});
