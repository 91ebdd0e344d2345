import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dnsPacket from 'dns-packet';
import { classify, compressIpv6, decodeResponse, encodeQuery, formatRdata, normalizeName } from '../../src/dns/message.ts';

test('compressIpv6 writes RFC 5952 form as dig prints it', () => {
  const cases: [string, string][] = [
    ['fd00:0010:0096:0000:0000:0000:0000:4001', 'fd00:10:96::4001'],
    ['FD00:10:96::4001', 'fd00:10:96::4001'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // first longest run wins
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group is not compressed
    ['0:0:0:0:0:0:0:1', '::1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['::ffff:10.96.0.10', '::ffff:a60:a'],
    ['10.96.0.10', '10.96.0.10'], // not IPv6: unchanged
    ['1::2::3', '1::2::3'],
  ];
  for (const [input, want] of cases) assert.equal(compressIpv6(input), want, input);
});

test('formatRdata prints SRV, names and TXT like dig +short', () => {
  assert.equal(formatRdata('SRV', { priority: 0, weight: 50, port: 5432, target: 'DB-0.db.shop.svc.cluster.local' }), '0 50 5432 db-0.db.shop.svc.cluster.local.');
  assert.equal(formatRdata('CNAME', 'payments.example.com'), 'payments.example.com.');
  assert.equal(formatRdata('PTR', 'web.default.svc.cluster.local.'), 'web.default.svc.cluster.local.');
  assert.equal(formatRdata('TXT', [Buffer.from('1.1.0')]), '"1.1.0"');
  assert.equal(normalizeName(''), '.');
});

test('encodeQuery round-trips and carries EDNS only when asked', () => {
  const plain = dnsPacket.decode(encodeQuery({ name: 'web.default.svc.cluster.local.', type: 'A' }, { id: 513 }));
  assert.equal(plain.id, 513);
  assert.equal(plain.questions?.[0]?.name, 'web.default.svc.cluster.local');
  assert.equal(plain.additionals?.length ?? 0, 0);
  const edns = dnsPacket.decode(encodeQuery({ name: 'a.b', type: 'SRV' }, { id: 1, ednsUdpSize: 1232 }));
  assert.equal(edns.additionals?.[0]?.type, 'OPT');
});

test('decodeResponse turns garbage into an error value', () => {
  assert.equal(decodeResponse(Buffer.from('hello')).ok, false);
  assert.equal(decodeResponse(Buffer.alloc(40, 0xff)).ok, false);
  const good = dnsPacket.encode({ type: 'response', id: 9, flags: 3 | dnsPacket.TRUNCATED_RESPONSE, questions: [{ name: 'x.test', type: 'A' }] });
  const d = decodeResponse(good);
  assert.ok(d.ok);
  assert.equal(d.value.rcode, 'NXDOMAIN');
  assert.equal(d.value.truncated, true);
});

test('classify tells NODATA from NOERROR', () => {
  assert.equal(classify('NOERROR', []), 'NODATA');
  assert.equal(classify('NOERROR', [{ name: 'a.', type: 'A', ttl: 5, data: '10.0.0.1' }]), 'NOERROR');
  assert.equal(classify('NXDOMAIN', []), 'NXDOMAIN');
  assert.equal(classify('SERVFAIL', []), 'SERVFAIL');
  assert.equal(classify('REFUSED', []), 'REFUSED');
  assert.equal(classify('FORMERR', []), 'RCODE');
  assert.equal(classify('RCODE_11', []), 'RCODE');
});
