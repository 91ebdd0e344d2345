import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordsJsonChunks, recordsToJson, type RecordRow, type RecordsReport } from '../../src/render/records.ts';

function row(i: number): RecordRow {
  return {
    name: `svc-${i}.shop.svc.cluster.local.`,
    type: i % 3 === 0 ? 'SRV' : 'A',
    ttl: 30,
    data: i % 3 === 0 ? `0 100 80 svc-${i}.shop.svc.cluster.local.` : `10.96.${i >> 8}.${i & 255}`,
    source: `Service shop/svc-${i}`,
    ...(i % 2 ? { observed: 'match' as const } : {}),
  };
}

const reports: [string, RecordsReport][] = [
  ['no records', { zone: 'cluster.local.', namespace: 'empty', records: [], notes: [] }],
  ['one record and a note', { zone: 'cluster.local.', namespace: 'shop', records: [row(1)], notes: [{ id: 'pods-insecure', message: 'a "quoted"\nnote' }] }],
  [
    '2,501 records in batches, with a verify summary and notes',
    {
      zone: 'cluster.local.',
      namespace: '*',
      records: Array.from({ length: 2501 }, (_, i) => row(i)),
      notes: [{ id: 'no-reverse-zones', message: 'ünïcode and \\ backslash' }],
      verify: { path: 'port-forward to kube-system/coredns-x:53 (TCP)', via: 'port-forward', summary: { total: 2501, match: 1250, mismatch: 0, missing: 1251 } },
    },
  ],
];

for (const [name, report] of reports) {
  test(`records -o json in pieces is exactly JSON.stringify of the contract shape: ${name}`, () => {
    const chunks = [...recordsJsonChunks(report, 1000)];
    assert.equal(chunks.join(''), JSON.stringify(recordsToJson(report), null, 2) + '\n');
    // the records go out in batches, never as one string
    if (report.records.length > 1000) assert.ok(chunks.length >= Math.ceil(report.records.length / 1000) + 3);
  });
}
