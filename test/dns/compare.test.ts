import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRecordSet, normalizeData, questionsFor, summarize, verifyRecords, keyOf, type ObservedSet } from '../../src/dns/compare.ts';

const A = (name: string, data: string, ttl = 5) => ({ name, type: 'A', ttl, data });

test('normalizeData makes equal data compare equal', () => {
  assert.equal(normalizeData('AAAA', 'FD00:0010:0096:0000:0000:0000:0000:4001'), 'fd00:10:96::4001');
  assert.equal(normalizeData('SRV', '0  100 80 Web.Default.svc.cluster.local'), '0 100 80 web.default.svc.cluster.local.');
  assert.equal(normalizeData('CNAME', 'Payments.Example.com'), 'payments.example.com.');
  assert.equal(normalizeData('A', ' 10.96.12.7 '), '10.96.12.7');
});

test('headless service with a stale endpoint: one match, one mismatch, the stale IP as extra', () => {
  // Expected from the cluster (db-0 10.244.1.10, db-1 10.244.2.11); the server still has 10.244.2.9.
  const expected = [A('db.shop.svc.cluster.local.', '10.244.1.10'), A('db.shop.svc.cluster.local.', '10.244.2.11')];
  const observed: ObservedSet = { status: 'NOERROR', answers: [A('db.shop.svc.cluster.local.', '10.244.2.9'), A('db.shop.svc.cluster.local.', '10.244.1.10')] };
  const r = compareRecordSet(expected, observed);
  assert.deepEqual(r.verdicts.map((v) => v.observed), ['match', 'mismatch']);
  assert.deepEqual(r.verdicts[1]!.actual.sort(), ['10.244.1.10', '10.244.2.9']);
  assert.deepEqual(r.extra.map((a) => a.data), ['10.244.2.9']);
});

test('missing: NODATA, NXDOMAIN, timeouts and a CNAME-only answer each say why', () => {
  const aaaa = [{ name: 'api.shop.svc.cluster.local.', type: 'AAAA', data: 'fd00:10:96::4001' }];
  const nodata = compareRecordSet(aaaa, { status: 'NODATA', answers: [] }).verdicts[0]!;
  assert.equal(nodata.observed, 'missing');
  assert.match(nodata.reason, /NODATA/);
  const nx = compareRecordSet(aaaa, { status: 'NXDOMAIN', answers: [] }).verdicts[0]!;
  assert.match(nx.reason, /NXDOMAIN/);
  const to = compareRecordSet(aaaa, { status: 'TIMEOUT', answers: [], error: 'no answer within 500 ms' }).verdicts[0]!;
  assert.equal(to.observed, 'missing');
  assert.match(to.reason, /500 ms/);
  // An A query for an ExternalName answered with a CNAME only.
  const a = compareRecordSet([A('payments.shop.svc.cluster.local.', '1.2.3.4')], {
    status: 'NOERROR',
    answers: [{ name: 'payments.shop.svc.cluster.local.', type: 'CNAME', ttl: 5, data: 'payments.example.com.' }],
  }).verdicts[0]!;
  assert.equal(a.observed, 'missing');
  assert.match(a.reason, /CNAME records only/);
});

test('answers for other names (a CNAME chain target) are not counted against the record', () => {
  const r = compareRecordSet([{ name: 'payments.shop.svc.cluster.local.', type: 'CNAME', data: 'payments.example.com.' }], {
    status: 'NOERROR',
    answers: [
      { name: 'payments.shop.svc.cluster.local.', type: 'CNAME', ttl: 5, data: 'payments.example.com.' },
      { name: 'payments.example.com.', type: 'A', ttl: 60, data: '93.184.216.34' },
    ],
  });
  assert.equal(r.verdicts[0]!.observed, 'match');
  assert.deepEqual(r.extra, []);
});

test('a TTL difference is reported but still a match', () => {
  const v = compareRecordSet([A('web.default.svc.cluster.local.', '10.96.12.7', 5)], { status: 'NOERROR', answers: [A('WEB.default.svc.cluster.local', '10.96.12.7', 30)] }).verdicts[0]!;
  assert.equal(v.observed, 'match');
  assert.equal(v.observedTtl, 30);
});

test('verifyRecords groups by question and keeps the input order; questionsFor dedupes', () => {
  const records = [
    A('db.shop.svc.cluster.local.', '10.244.1.10'),
    { name: 'api.shop.svc.cluster.local.', type: 'AAAA', ttl: 5, data: 'fd00:10:96::4001' },
    A('db.shop.svc.cluster.local.', '10.244.2.11'),
    A('web.default.svc.cluster.local.', '10.96.12.7'),
  ];
  assert.deepEqual(questionsFor(records), [
    { name: 'db.shop.svc.cluster.local.', type: 'A' },
    { name: 'api.shop.svc.cluster.local.', type: 'AAAA' },
    { name: 'web.default.svc.cluster.local.', type: 'A' },
  ]);
  const outcomes = new Map<string, ObservedSet>([
    [keyOf('db.shop.svc.cluster.local', 'a'), { status: 'NOERROR', answers: [A('db.shop.svc.cluster.local.', '10.244.1.10'), A('db.shop.svc.cluster.local.', '10.244.2.9')] }],
    [keyOf('api.shop.svc.cluster.local.', 'AAAA'), { status: 'NODATA', answers: [] }],
  ]);
  const out = verifyRecords(records, outcomes);
  assert.deepEqual(out.map((o) => o.verdict.observed), ['match', 'missing', 'mismatch', 'missing']);
  assert.equal(out[3]!.verdict.reason, 'not queried');
  assert.deepEqual(summarize(out.map((o) => o.verdict)), { match: 1, mismatch: 1, missing: 2 });
});
