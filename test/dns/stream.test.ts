import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Duplex } from 'node:stream';
import * as dnsPacket from 'dns-packet';
import { FrameReader, frameMessage, openStreamClient } from '../../src/dns/stream.ts';
import { encodeQuery } from '../../src/dns/message.ts';

/** Two crossed PassThroughs: `client` for the code under test, `server` for the test. */
function pipePair(): { client: Duplex; server: { input: PassThrough; output: PassThrough } } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const client = Duplex.from({ readable: toClient, writable: toServer });
  return { client, server: { input: toServer, output: toClient } };
}

function answer(id: number, name: string, ip: string): Buffer {
  return dnsPacket.encode({ type: 'response', id, questions: [{ name, type: 'A' }], answers: [{ name, type: 'A', ttl: 5, data: ip }] });
}

test('FrameReader reassembles frames split and joined arbitrarily', () => {
  const a = frameMessage(Buffer.from('hello'));
  const b = frameMessage(Buffer.from('world!'));
  const all = Buffer.concat([a, b]);
  for (let cut = 0; cut <= all.length; cut++) {
    const r = new FrameReader();
    const frames = [...r.feed(all.subarray(0, cut)), ...r.feed(all.subarray(cut))];
    assert.deepEqual(frames.map(String), ['hello', 'world!'], `cut ${cut}`);
    assert.equal(r.buffered, 0);
  }
  const r = new FrameReader();
  assert.deepEqual(r.feed(Buffer.from([0])), []);
  assert.equal(r.buffered, 1);
});

test('pipelined queries are matched by id even when answered out of order, byte by byte', async () => {
  const { client, server } = pipePair();
  const sc = openStreamClient(client);
  const reader = new FrameReader();
  const got: Buffer[] = [];
  server.input.on('data', (d: Buffer) => got.push(...reader.feed(d)));
  const p1 = sc.exchange(encodeQuery({ name: 'a.test', type: 'A' }, { id: 1 }), 1, { name: 'a.test', type: 'A' }, 1000);
  const p2 = sc.exchange(encodeQuery({ name: 'b.test', type: 'A' }, { id: 2 }), 2, { name: 'b.test', type: 'A' }, 1000);
  assert.equal(sc.pendingCount, 2);
  await new Promise((r) => setImmediate(r));
  assert.equal(got.length, 2, 'both queries written before any answer');
  // Answer 2 first, then garbage in a valid frame, then an unknown id, then 1, one byte at a time.
  const wire = Buffer.concat([
    frameMessage(answer(2, 'b.test', '10.0.0.2')),
    frameMessage(Buffer.from('garbage-garbage')),
    frameMessage(answer(7, 'a.test', '6.6.6.6')),
    frameMessage(answer(1, 'a.test', '10.0.0.1')),
  ]);
  for (const byte of wire) server.output.write(Buffer.from([byte]));
  const [r1, r2] = await Promise.all([p1, p2]);
  assert.equal(r1.response?.answers[0]?.data, '10.0.0.1');
  assert.equal(r2.response?.answers[0]?.data, '10.0.0.2');
  assert.equal(sc.ignored, 2);
  sc.close();
});

test('an answer for the right id but another question is not accepted', async () => {
  const { client, server } = pipePair();
  const sc = openStreamClient(client);
  const p = sc.exchange(encodeQuery({ name: 'a.test', type: 'A' }, { id: 5 }), 5, { name: 'a.test', type: 'A' }, 200);
  server.output.write(frameMessage(answer(5, 'other.test', '6.6.6.6')));
  const r = await p;
  assert.equal(r.ok, false);
  assert.equal(r.failure, 'timeout');
  assert.equal(sc.ignored, 1);
  sc.close();
});

test('the stream ending fails every pending query at once', async () => {
  const { client, server } = pipePair();
  const sc = openStreamClient(client);
  const p = sc.exchange(encodeQuery({ name: 'a.test', type: 'A' }, { id: 9 }), 9, { name: 'a.test', type: 'A' }, 5000);
  server.output.end();
  const r = await p;
  assert.equal(r.failure, 'closed');
  assert.equal(sc.closed, true);
  const again = await sc.exchange(encodeQuery({ name: 'a.test', type: 'A' }, { id: 10 }), 10, { name: 'a.test', type: 'A' }, 5000);
  assert.equal(again.failure, 'closed');
});

test('a stream error fails pending queries with the error text', async () => {
  const { client } = pipePair();
  const sc = openStreamClient(client);
  const p = sc.exchange(encodeQuery({ name: 'a.test', type: 'A' }, { id: 3 }), 3, { name: 'a.test', type: 'A' }, 5000);
  client.destroy(new Error('port-forward: lost connection to pod'));
  const r = await p;
  assert.equal(r.failure, 'error');
  assert.match(r.error ?? '', /lost connection to pod/);
});
