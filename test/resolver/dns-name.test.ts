import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateDnsName } from '../../src/resolver/dns-name.ts';

const valid = [
  'web',
  'web.shop',
  'web.shop.svc.cluster.local',
  'web.shop.svc.cluster.local.',
  '_http._tcp.web.shop.svc.cluster.local',
  'WEB.Example.COM',
  'web-0.nginx.shop.svc.cluster.local',
  '10-244-1-17.default.pod.cluster.local',
  '10.96.0.10',
  `${'a'.repeat(63)}.example`,
  Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.') + '.a', // 253 characters
];

const invalid: [string, RegExp][] = [
  ['', /empty/],
  ['.', /root/],
  ['web..shop', /label 2 is empty/],
  ['.web', /label 1 is empty/],
  ['web.shop..', /label 3 is empty/],
  [`${'a'.repeat(64)}.example`, /64 characters long; at most 63/],
  [Array.from({ length: 4 }, () => 'a'.repeat(62)).join('.') + '.ab', /254 characters long; at most 253/],
  ['web shop', /a space/],
  ['http://web', /":"/],
  ['web/api', /"\/"/],
  ['web\tshop', /control character U\+0009/],
  ['münchen.example', /"ü"/],
  ['web*', /"\*"/],
];

for (const name of valid) {
  test(`validateDnsName accepts ${JSON.stringify(name.length > 40 ? name.slice(0, 40) + '…' : name)}`, () => {
    assert.equal(validateDnsName(name), null);
  });
}

for (const [name, reason] of invalid) {
  test(`validateDnsName rejects ${JSON.stringify(name.length > 40 ? name.slice(0, 40) + '…' : name)}`, () => {
    const r = validateDnsName(name);
    assert.ok(r !== null);
    assert.match(r, reason);
    assert.ok(!r.includes('\n'));
  });
}
