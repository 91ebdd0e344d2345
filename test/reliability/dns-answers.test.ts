/**
 * Hostile DNS servers against src/dns/query.ts: each mode bounded in time with an asserted
 * outcome. Answers are validated as a stub resolver validates them (glibc getanswer_r: owner
 * names along the CNAME chain); a TC answer whose TCP retry fails is TRUNCATED; an unknown rcode
 * is shown as itself.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as dnsPacket from 'dns-packet';
import { sendQuery } from '../../src/dns/query.ts';
import { toObserved } from '../../src/dns/observed.ts';
import { verifyRecords } from '../../src/dns/compare.ts';
import { reply, startFakeDns, TC, type FakeQuery } from '../dns/fake-udp.ts';

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

/** A response whose question name is compressed into a pointer loop (offset 12 points to itself). */
function compressionLoop(q: FakeQuery): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  header.writeUInt16BE(0x8400, 2); // response, AA
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(1, 6); // one answer
  const question = Buffer.from([0xc0, 12, 0, 1, 0, 1]); // name = pointer to itself
  const answer = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, 0, 0, 1]);
  return Buffer.concat([header, question, answer]);
}

describe('hostile DNS answers', { timeout: 60_000 }, () => {
  test('wrong id only: TIMEOUT within the query timeout, the datagrams counted', async () => {
    const fake = await startFakeDns((q) => [reply(q, [], { id: (q.id + 1) & 0xffff }), reply(q, [], { id: (q.id + 2) & 0xffff })]);
    try {
      const { value: o, ms } = await timed(() => sendQuery({ server: fake, name: 'web.shop.svc.cluster.local.', type: 'A', timeoutMs: 600 }));
      assert.equal(o.status, 'TIMEOUT');
      assert.equal(o.ignored, 2);
      assert.ok(ms < 1600, `${Math.round(ms)} ms`);
    } finally {
      await fake.stop();
    }
  });

  test('an A record owned by another name is not the answer (NODATA, and said)', async () => {
    const fake = await startFakeDns((q) => [reply(q, [{ name: 'evil.example.', type: 'A', ttl: 5, data: '192.0.2.66' }])]);
    try {
      const o = await sendQuery({ server: fake, name: 'web.shop.svc.cluster.local.', type: 'A', timeoutMs: 1000 });
      assert.equal(o.status, 'NODATA');
      assert.deepEqual(o.answers, []);
      assert.match(o.error ?? '', /1 answer record\(s\) ignored: owned by evil\.example\., not by the question's name or its CNAME chain/);
      // records --verify: the expected record is missing, never matched by the foreign one.
      const [v] = verifyRecords([{ name: 'web.shop.svc.cluster.local.', type: 'A', data: '192.0.2.66' }], new Map([['web.shop.svc.cluster.local. A', o]]));
      assert.equal(v!.verdict.observed, 'missing');
    } finally {
      await fake.stop();
    }
  });

  test('records along the CNAME chain are kept, records beside it are not', async () => {
    const fake = await startFakeDns((q) => [
      reply(q, [
        { name: 'b.example.', type: 'A', ttl: 5, data: '10.0.0.2' }, // the chain's end, listed first
        { name: q.name, type: 'CNAME', ttl: 5, data: 'a.example.' },
        { name: 'a.example.', type: 'CNAME', ttl: 5, data: 'b.example.' },
        { name: 'c.example.', type: 'A', ttl: 5, data: '192.0.2.66' }, // not on the chain
      ]),
    ]);
    try {
      const o = await sendQuery({ server: fake, name: 'ext.shop.svc.cluster.local.', type: 'A', timeoutMs: 1000 });
      assert.equal(o.status, 'NOERROR');
      assert.deepEqual(o.answers.map((a) => `${a.name} ${a.type} ${a.data}`), ['b.example. A 10.0.0.2', 'ext.shop.svc.cluster.local. CNAME a.example.', 'a.example. CNAME b.example.']);
      assert.match(o.error ?? '', /owned by c\.example\./);
    } finally {
      await fake.stop();
    }
  });

  test('a CNAME loop ends the chain (no hang, no crash)', async () => {
    const fake = await startFakeDns((q) => [reply(q, [{ name: q.name, type: 'CNAME', ttl: 5, data: 'x.example.' }, { name: 'x.example.', type: 'CNAME', ttl: 5, data: q.name }])]);
    try {
      const o = await sendQuery({ server: fake, name: 'loop.example.', type: 'A', timeoutMs: 1000 });
      assert.equal(o.status, 'NOERROR');
      assert.equal(o.answers.length, 2);
      assert.equal(toObserved('loop.example.', 'A', o.status, o.answers).status, 'NODATA', 'no address: the resolver moves on');
    } finally {
      await fake.stop();
    }
  });

  test('a compression pointer loop is garbage: ignored, then TIMEOUT', async () => {
    const fake = await startFakeDns((q) => [compressionLoop(q)]);
    try {
      const { value: o, ms } = await timed(() => sendQuery({ server: fake, name: 'web.shop.svc.cluster.local.', type: 'A', timeoutMs: 600 }));
      assert.equal(o.status, 'TIMEOUT');
      assert.equal(o.ignored, 1);
      assert.ok(ms < 1600, `${Math.round(ms)} ms`);
    } finally {
      await fake.stop();
    }
  });

  test('garbage bytes: ignored, the right answer after them wins', async () => {
    const fake = await startFakeDns((q) => [Buffer.from('\u001b]52;c;aGk=\u0007 not dns'), Buffer.alloc(3), reply(q, [{ name: q.name, type: 'A', ttl: 5, data: '10.0.0.1' }])]);
    try {
      const o = await sendQuery({ server: fake, name: 'web.shop.svc.cluster.local.', type: 'A', timeoutMs: 1000 });
      assert.equal(o.status, 'NOERROR');
      assert.equal(o.ignored, 2);
    } finally {
      await fake.stop();
    }
  });

  for (const [rcode, name] of [[1, 'FORMERR'], [4, 'NOTIMP'], [9, 'NOTAUTH'], [11, 'RCODE_11'], [15, 'RCODE_15']] as const) {
    test(`rcode ${rcode} is shown as ${name}, not as "no query could be sent"`, async () => {
      const fake = await startFakeDns((q) => [reply(q, [], { flags: rcode })]);
      try {
        const o = await sendQuery({ server: fake, name: 'web.shop.svc.cluster.local.', type: 'A', timeoutMs: 1000 });
        assert.equal(o.status, 'RCODE');
        assert.equal(o.rcode, name);
        assert.match(o.error ?? '', new RegExp(`the server answered with rcode ${name}`));
        const [v] = verifyRecords([{ name: 'web.shop.svc.cluster.local.', type: 'A', data: '10.0.0.1' }], new Map([['web.shop.svc.cluster.local. A', o]]));
        assert.match(v!.verdict.reason, new RegExp(`another rcode \\(the server answered with rcode ${name}\\)`));
      } finally {
        await fake.stop();
      }
    });
  }

  test('TC, then a TCP server that accepts and never answers: TRUNCATED within the timeout', async () => {
    // UDP says "truncated"; the TCP listener on the same port reads the query and stays silent.
    const fake = await startFakeDns((q) => [reply(q, [{ name: q.name, type: 'A', ttl: 5, data: '10.0.0.1' }], { flags: TC })], () => undefined);
    try {
      const { value: o, ms } = await timed(() => sendQuery({ server: fake, name: 'big.example.', type: 'A', timeoutMs: 800 }));
      assert.equal(o.status, 'TRUNCATED');
      assert.equal(o.truncated, true);
      assert.equal(o.retriedOverTcp, true);
      assert.equal(fake.tcpQueries.length, 1, 'the TCP retry reached the silent server');
      assert.match(o.error ?? '', /truncated UDP answer; TCP retry failed/);
      assert.ok(ms < 1800, `${Math.round(ms)} ms`);
      const [v] = verifyRecords([{ name: 'big.example.', type: 'A', data: '10.0.0.1' }], new Map([['big.example. A', o]]));
      assert.equal(v!.verdict.observed, 'missing');
      assert.match(v!.verdict.reason, /truncated and the TCP retry failed/);
    } finally {
      await fake.stop();
    }
  });

  test('dns-packet itself survives the loop packet (no exception escapes the decoder)', () => {
    assert.throws(() => dnsPacket.decode(compressionLoop({ id: 1, name: 'a.', type: 'A', packet: {} as dnsPacket.Packet })));
  });
});
