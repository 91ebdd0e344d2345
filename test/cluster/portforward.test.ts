// openPortForward through the real client-node against the fake API server, which relays the
// forwarded bytes to the real DNS server (NSD) on loopback: DNS over a port-forward end to end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as K8s from '@kubernetes/client-node';
import { connect } from '../../src/cluster/client.ts';
import { openPortForward, PortForwardError } from '../../src/cluster/portforward.ts';
import { sendQuery } from '../../src/dns/query.ts';
import { runQueries } from '../../src/dns/pool.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import { startDnsServer, type DnsServerHandle } from '../harness/dns-server.ts';

const COREDNS = 'coredns-7c65d6cfc9-4xkqz';
let server: FakeApiServer;
let dns: DnsServerHandle;
let kc: K8s.KubeConfig;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown): void => {
  uncaught.push(e);
};

before(async () => {
  process.on('uncaughtException', onUncaught);
  dns = await startDnsServer();
  server = await startFakeApiServer(fixtureCluster('kubeadm'));
  const client = await connect({ kubeconfig: writeKubeconfig(server) }, { env: {} });
  kc = client.kubeConfig as K8s.KubeConfig;
});
after(async () => {
  process.off('uncaughtException', onUncaught);
  await server.close();
  await dns.stop();
  assert.deepEqual(uncaught, []);
});

function reset(): void {
  server.switches.portForward = { mode: 'normal', target: { host: dns.host, port: dns.port } };
  server.switches.faults = [];
}

test('DNS queries through a port-forward reach the real server (v4 channel protocol)', async () => {
  reset();
  const stream = await openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 });
  assert.equal(stream.protocol, 'v4.channel.k8s.io');
  stream.destroy();
  const o = await sendQuery({
    server: dns,
    name: '_http._tcp.web.shop.svc.cluster.local',
    type: 'SRV',
    timeoutMs: 3000,
    transport: () => openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 }),
  });
  assert.equal(o.status, 'NOERROR', o.error);
  assert.equal(o.transport, 'stream');
  assert.deepEqual(o.answers.map((a) => a.data), ['0 100 80 web.shop.svc.cluster.local.']);
  const up = server.log.filter((l) => l.upgrade).at(-1)!;
  assert.equal(up.path, `/api/v1/namespaces/kube-system/pods/${COREDNS}/portforward?ports=53`);
  assert.equal(up.headers['authorization'], `Bearer ${server.token}`);
});

test('pipelined: 300 queries over 2 forwards, 2 upgrades only', async () => {
  reset();
  const before = server.log.filter((l) => l.upgrade).length;
  const queries = Array.from({ length: 300 }, (_, i) => ({ name: i % 2 ? 'db.shop.svc.cluster.local' : `nope${i}.shop.svc.cluster.local`, type: 'A' }));
  const r = await runQueries(queries, {
    server: dns,
    transport: () => openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 }),
    streams: 2,
    concurrency: 16,
    perQueryTimeoutMs: 3000,
    totalTimeoutMs: 20_000,
  });
  assert.deepEqual(r.byStatus, { NXDOMAIN: 150, NOERROR: 150 });
  assert.deepEqual(r.outcomes[1]!.answers.map((a) => a.data).sort(), ['10.244.1.19']);
  assert.equal(server.log.filter((l) => l.upgrade).length - before, 2);
});

test('the stream ends when the server side closes (the pod port closes)', async () => {
  reset();
  const stream = await openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 });
  stream.resume();
  const ended = new Promise<string>((resolve) => {
    stream.on('end', () => resolve('end'));
    stream.on('error', (e) => resolve(`error: ${e.message}`));
  });
  // Closing the fake server's connections closes the WebSocket from the server side.
  await server.close();
  assert.equal(await ended, 'end');
  server = await startFakeApiServer(fixtureCluster('kubeadm'));
  const client = await connect({ kubeconfig: writeKubeconfig(server) }, { env: {} });
  kc = client.kubeConfig as K8s.KubeConfig;
});

test('error-channel text is surfaced as the stream error', async () => {
  reset();
  server.switches.portForward = { mode: 'normal' }; // no target: the fake sends an error on channel 1
  const stream = await openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 });
  const err = await new Promise<Error>((resolve) => stream.on('error', resolve));
  assert.match(err.message, /error forwarding port 53/);
  // And a query over such a forward is an ERROR naming it, not a hang.
  const o = await sendQuery({ server: dns, name: 'web.default.svc.cluster.local', type: 'A', timeoutMs: 2000, transport: () => openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 }) });
  assert.equal(o.status, 'ERROR');
  assert.match(o.error ?? '', /error forwarding port 53/);
});

test('forbidden: 403 on the upgrade rejects with a PortForwardError', async () => {
  reset();
  server.switches.portForward.mode = 'forbidden';
  await assert.rejects(openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 }), (e: unknown) => {
    assert.ok(e instanceof PortForwardError);
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.httpStatus, 403);
    assert.match(e.message, /pods\/portforward/);
    return true;
  });
});

test('timeout: the upgrade hangs', async () => {
  reset();
  server.switches.faults = [{ subresource: 'portforward', status: 'hang' }];
  const t0 = Date.now();
  await assert.rejects(openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof PortForwardError);
    assert.equal(e.kind, 'timeout');
    return true;
  });
  assert.ok(Date.now() - t0 < 2000);
});

test('silent forward: queries time out per query, nothing hangs', async () => {
  reset();
  server.switches.portForward.mode = 'no-answer';
  const o = await sendQuery({ server: dns, name: 'web.default.svc.cluster.local', type: 'A', timeoutMs: 300, transport: () => openPortForward(kc, 'kube-system', COREDNS, 53, { timeoutMs: 3000 }) });
  assert.equal(o.status, 'TIMEOUT');
});

test('hazard: garbage channels and a close frame from a hostile server are dropped, the stream keeps working', async () => {
  const { createServer } = await import('node:http');
  const { WebSocketServer } = await import('ws');
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false) });
  http.on('upgrade', (req, sock, head) =>
    wss.handleUpgrade(req, sock, head, (ws) => {
      ws.send(Buffer.from([0, 53, 0]));
      ws.send(Buffer.from([1, 53, 0]));
      ws.send(Buffer.from([7, 1, 2, 3]));
      ws.send(Buffer.from([255, 1]));
      ws.on('message', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('echo:'), d.subarray(1)])));
    }),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const port = (http.address() as { port: number }).port;
  const k8s = await import('@kubernetes/client-node');
  const hostile = new k8s.KubeConfig();
  hostile.loadFromOptions({
    clusters: [{ name: 'h', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'c', cluster: 'h', user: 'u' }],
    currentContext: 'c',
  });
  try {
    const stream = await openPortForward(hostile, 'kube-system', COREDNS, 53, { timeoutMs: 3000 });
    const got = new Promise<string>((resolve) => stream.once('data', (d: Buffer) => resolve(d.toString())));
    stream.write('ping');
    assert.equal(await got, 'echo:ping');
    assert.equal(stream.ignoredFrames, 2);
    stream.destroy();
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => http.close(() => r()));
  }
});
