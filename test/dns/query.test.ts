import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { sendQuery } from '../../src/dns/query.ts';
import { startDnsServer, type DnsServerHandle } from '../harness/dns-server.ts';
import { startFakeDns, reply, TC } from './fake-udp.ts';

let dns: DnsServerHandle;
before(async () => {
  dns = await startDnsServer();
});
after(async () => {
  await dns.stop();
});

/** Query table against the real server (NSD) and the hand-written zones in test/harness/zones. */
const table: { name: string; type: string; status: string; data: string[]; answerType?: string; ttl?: number }[] = [
  { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', data: ['10.96.12.7'] },
  { name: 'WEB.Shop.svc.cluster.local', type: 'A', status: 'NOERROR', data: ['10.96.12.7'] },
  { name: 'web.shop.svc.cluster.local.', type: 'AAAA', status: 'NODATA', data: [] },
  { name: 'web.default.svc.cluster.local.', type: 'A', status: 'NXDOMAIN', data: [] },
  { name: 'nope.default.svc.cluster.local.', type: 'A', status: 'NXDOMAIN', data: [] },
  { name: 'shop.svc.cluster.local.', type: 'A', status: 'NODATA', data: [] }, // empty non-terminal
  { name: '_http._tcp.web.shop.svc.cluster.local.', type: 'SRV', status: 'NOERROR', data: ['0 100 80 web.shop.svc.cluster.local.'] },
  { name: '_grpc._tcp.api.shop.svc.cluster.local.', type: 'SRV', status: 'NOERROR', data: ['0 50 9090 api.shop.svc.cluster.local.'] },
  { name: '_dns-probe._udp.api.shop.svc.cluster.local.', type: 'SRV', status: 'NXDOMAIN', data: [] },
  {
    name: '_postgres._tcp.db.shop.svc.cluster.local.',
    type: 'SRV',
    status: 'NOERROR',
    data: ['0 100 5432 db-0.db.shop.svc.cluster.local.'],
  },
  { name: 'db.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', data: ['10.244.1.19'] },
  { name: 'db-1.db.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', data: ['10.244.1.21'] },
  { name: '20.1.244.10.in-addr.arpa.', type: 'PTR', status: 'NXDOMAIN', data: [] },
  { name: 'payments.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', data: ['payments.example.com.'], answerType: 'CNAME' },
  { name: 'payments.shop.svc.cluster.local.', type: 'CNAME', status: 'NOERROR', data: ['payments.example.com.'] },
  { name: '7.12.96.10.in-addr.arpa.', type: 'PTR', status: 'NOERROR', data: ['web.shop.svc.cluster.local.'] },
  {
    name: '4.f.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.',
    type: 'PTR',
    status: 'NOERROR',
    data: ['api.shop.svc.cluster.local.'],
  },
  { name: 'api.shop.svc.cluster.local.', type: 'AAAA', status: 'NODATA', data: [] },
  { name: 'dns-version.cluster.local.', type: 'TXT', status: 'NOERROR', data: ['"1.1.0"'], ttl: 30 },
  { name: 'example.com.', type: 'A', status: 'REFUSED', data: [] }, // not authoritative, no recursion
];

for (const row of table) {
  test(`real server: ${row.name} ${row.type} → ${row.status}`, async () => {
    for (const transport of ['udp', 'tcp'] as const) {
      const o = await sendQuery({ server: dns, name: row.name, type: row.type, timeoutMs: 2000, transport });
      assert.equal(o.status, row.status, `${transport}: ${o.error ?? ''}`);
      assert.equal(o.transport, transport);
      assert.deepEqual(o.answers.map((a) => a.data).sort(), [...row.data].sort());
      for (const a of o.answers) assert.equal(a.type, row.answerType ?? row.type);
      assert.equal(o.ignored, 0);
      if (row.status === 'NOERROR') assert.equal(o.answers[0]!.ttl, row.ttl ?? 30);
    }
  });
}

test('real server: a big RRset is truncated over UDP and retried over TCP', async () => {
  const o = await sendQuery({ server: dns, name: 'many.big.test', type: 'A', timeoutMs: 2000 });
  assert.equal(o.status, 'NOERROR');
  assert.equal(o.retriedOverTcp, true);
  assert.equal(o.transport, 'tcp');
  assert.equal(o.truncated, false);
  assert.equal(o.answers.length, 120);
  // Without EDNS (512-byte limit) too.
  const classic = await sendQuery({ server: dns, name: 'many.big.test', type: 'A', timeoutMs: 2000, ednsUdpSize: 0 });
  assert.equal(classic.answers.length, 120);
  assert.equal(classic.retriedOverTcp, true);
  // A small answer stays on UDP.
  const few = await sendQuery({ server: dns, name: 'few.big.test', type: 'A', timeoutMs: 2000 });
  assert.equal(few.transport, 'udp');
  assert.equal(few.retriedOverTcp, false);
});

test('real server: a stream factory (what a port-forward provides) carries the query', async () => {
  const o = await sendQuery({
    server: dns,
    name: 'web.shop.svc.cluster.local',
    type: 'A',
    timeoutMs: 2000,
    transport: () => connect({ host: dns.host, port: dns.port }),
  });
  assert.equal(o.transport, 'stream');
  assert.deepEqual(o.answers.map((a) => a.data), ['10.96.12.7']);
});

test('a server that never answers: TIMEOUT within the per-query timeout', async () => {
  const silent = await startFakeDns(() => []);
  try {
    const t0 = Date.now();
    const o = await sendQuery({ server: silent, name: 'web.default.svc.cluster.local', type: 'A', timeoutMs: 300 });
    const took = Date.now() - t0;
    assert.equal(o.status, 'TIMEOUT');
    assert.equal(o.rcode, null);
    assert.ok(took >= 280 && took < 1500, `took ${took} ms`);
    assert.equal(silent.udpQueries.length, 1);
  } finally {
    await silent.stop();
  }
});

test('wrong ids, a wrong question and garbage are ignored and counted; the right answer wins', async () => {
  const fake = await startFakeDns((q) => [
    reply(q, [{ name: q.name, type: 'A', ttl: 5, data: '6.6.6.6' }], { id: (q.id + 1) & 0xffff }),
    Buffer.from('not a dns message at all'),
    Buffer.alloc(3),
    reply(q, [{ name: 'evil.example', type: 'A', ttl: 5, data: '6.6.6.7' }], { name: 'evil.example' }),
    reply(q, [{ name: q.name, type: 'A', ttl: 5, data: '10.96.12.7' }]),
  ]);
  try {
    const o = await sendQuery({ server: fake, name: 'web.default.svc.cluster.local', type: 'A', timeoutMs: 1000 });
    assert.equal(o.status, 'NOERROR');
    assert.deepEqual(o.answers.map((a) => a.data), ['10.96.12.7']);
    assert.equal(o.ignored, 4);
    assert.match(o.error ?? '', /4 unexpected message/);
  } finally {
    await fake.stop();
  }
});

test('only garbage and wrong ids: TIMEOUT, with the ignored count', async () => {
  const fake = await startFakeDns((q) => [Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), reply(q, [], { id: q.id ^ 0x8000 })]);
  try {
    const o = await sendQuery({ server: fake, name: 'web.default.svc.cluster.local', type: 'A', timeoutMs: 250 });
    assert.equal(o.status, 'TIMEOUT');
    assert.equal(o.ignored, 2);
  } finally {
    await fake.stop();
  }
});

test('ids are random: the query id comes from the injected source and differs per query', async () => {
  const seen: number[] = [];
  const fake = await startFakeDns((q) => {
    seen.push(q.id);
    return [reply(q, [])];
  });
  try {
    let next = 40000;
    await sendQuery({ server: fake, name: 'a.test', type: 'A', timeoutMs: 500, randomId: () => next++ });
    await sendQuery({ server: fake, name: 'a.test', type: 'A', timeoutMs: 500, randomId: () => next++ });
    assert.deepEqual(seen, [40000, 40001]);
    for (let i = 0; i < 20; i++) await sendQuery({ server: fake, name: 'a.test', type: 'A', timeoutMs: 500 });
    assert.ok(new Set(seen).size > 15, `ids: ${seen.join(',')}`);
  } finally {
    await fake.stop();
  }
});

test('a truncated UDP answer is retried over TCP on the same port', async () => {
  const fake = await startFakeDns(
    (q) => [reply(q, [{ name: q.name, type: 'A', ttl: 5, data: '10.0.0.1' }], { flags: TC })],
    (q) => reply(q, [1, 2, 3].map((i) => ({ name: q.name, type: 'A' as const, ttl: 5, data: `10.0.0.${i}` }))),
  );
  try {
    const o = await sendQuery({ server: fake, name: 'big.example.test', type: 'A', timeoutMs: 1000 });
    assert.equal(o.retriedOverTcp, true);
    assert.equal(o.transport, 'tcp');
    assert.deepEqual(o.answers.map((a) => a.data), ['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    assert.equal(fake.tcpQueries.length, 1);
  } finally {
    await fake.stop();
  }
});

test('a truncated UDP answer whose TCP retry fails is reported as truncated, not hidden', async () => {
  const fake = await startFakeDns((q) => [reply(q, [{ name: q.name, type: 'A', ttl: 5, data: '10.0.0.1' }], { flags: TC })]);
  try {
    const o = await sendQuery({ server: fake, name: 'big.example.test', type: 'A', timeoutMs: 1000 });
    assert.equal(o.truncated, true);
    assert.equal(o.status, 'TRUNCATED', 'its own outcome, not NOERROR or NODATA');
    assert.equal(o.transport, 'udp');
    assert.match(o.error ?? '', /TCP retry failed/);
    assert.deepEqual(o.answers.map((a) => a.data), ['10.0.0.1']);
  } finally {
    await fake.stop();
  }
});

test('TCP to a closed port is an ERROR, quickly', async () => {
  const fake = await startFakeDns(() => []);
  const port = fake.port;
  await fake.stop();
  const o = await sendQuery({ server: { host: '127.0.0.1', port }, name: 'a.test', type: 'A', timeoutMs: 1000, transport: 'tcp' });
  assert.equal(o.status, 'ERROR');
  assert.match(o.error ?? '', /connect/);
});

test('an aborted query ends at once as TIMEOUT', async () => {
  const silent = await startFakeDns(() => []);
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    const o = await sendQuery({ server: silent, name: 'a.test', type: 'A', timeoutMs: 5000, signal: ac.signal });
    assert.equal(o.status, 'TIMEOUT');
    assert.ok(Date.now() - t0 < 1000);
  } finally {
    await silent.stop();
  }
});
