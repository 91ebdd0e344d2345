// The harness itself: exec and port-forward as client-node 2.x speaks them, and the failure switches.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import WebSocket from 'ws';
import { connect, loadK8s } from '../../src/cluster/client.ts';
import type * as K8s from '@kubernetes/client-node';
import { startFakeApiServer, matchLabelSelector, discoveryDocument, type FakeApiServer } from './fake-apiserver.ts';
import { haveOpenssl, selfSignedCert } from './tls.ts';
import { fixtureCluster } from './fixtures.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { tempDir } from './temp.ts';

let server: FakeApiServer;
let kubeconfig: string;
before(async () => {
  const c = fixtureCluster('kubeadm');
  c.files = { 'default/client': { '/etc/resolv.conf': 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n' } };
  server = await startFakeApiServer(c);
  kubeconfig = writeKubeconfig(server, { namespace: 'default' });
});
after(() => server.close());

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    stream: new Writable({ write(c: Buffer, _e, cb) { chunks.push(c); cb(); } }),
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

async function runExec(argv: string[]): Promise<{ stdout: string; stderr: string; status: K8s.V1Status | undefined; protocol: string }> {
  const k8s = await loadK8s();
  const client = await connect({ kubeconfig }, { env: {} });
  const out = sink();
  const errOut = sink();
  let status: K8s.V1Status | undefined;
  const ws = await new k8s.Exec(client.kubeConfig as K8s.KubeConfig).exec('default', 'client', 'client', argv, out.stream, errOut.stream, null, false, (s) => {
    status = s;
  });
  await new Promise<void>((resolve) => ws.on('close', () => resolve()));
  return { stdout: out.text(), stderr: errOut.text(), status, protocol: (ws as unknown as { protocol: string }).protocol };
}

describe('exec through client-node', () => {
  test('cat /etc/resolv.conf returns the fixture text and a Success status (v5)', async () => {
    server.switches.exec = { protocol: 'v5.channel.k8s.io', mode: 'normal', scripts: {} };
    const r = await runExec(['cat', '/etc/resolv.conf']);
    assert.equal(r.protocol, 'v5.channel.k8s.io');
    assert.match(r.stdout, /^search default\.svc\.cluster\.local/);
    assert.equal(r.status?.status, 'Success');
    const up = server.log.filter((l) => l.upgrade).at(-1)!;
    assert.equal(up.headers['authorization'], `Bearer ${server.token}`);
    assert.deepEqual(up.query['command'], ['cat', '/etc/resolv.conf']);
  });

  test('v4 when switched; unknown command -> NonZeroExitCode 127', async () => {
    server.switches.exec.protocol = 'v4.channel.k8s.io';
    const r = await runExec(['nslookup', 'web']);
    assert.equal(r.protocol, 'v4.channel.k8s.io');
    assert.equal(r.status?.reason, 'NonZeroExitCode');
    assert.equal(r.status?.details?.causes?.[0]?.message, '127');
    server.switches.exec.protocol = 'v5.channel.k8s.io';
  });

  test('scripted commands', async () => {
    server.switches.exec.scripts = { 'getent hosts web.shop': { stdout: '10.96.12.7      web.shop.svc.cluster.local\n' } };
    const r = await runExec(['getent', 'hosts', 'web.shop']);
    assert.equal(r.stdout, '10.96.12.7      web.shop.svc.cluster.local\n');
    server.switches.exec.scripts = {};
  });

  test('403 on the upgrade rejects with the status code', async () => {
    server.switches.exec.mode = 'forbidden';
    // client-node rejects with the ws ErrorEvent; its message carries the status.
    await assert.rejects(runExec(['cat', '/etc/hosts']), (e: unknown) => {
      assert.match(String((e as { message?: unknown }).message ?? e), /Unexpected server response: 403/);
      return true;
    });
    server.switches.exec.mode = 'normal';
  });

  test('failure modes send what they promise (raw ws client)', async () => {
    const frames = async (mode: FakeApiServer['switches']['exec']['mode']): Promise<{ frames: Buffer[]; closed: boolean }> => {
      server.switches.exec.mode = mode;
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/v1/namespaces/default/pods/client/exec?command=cat&command=/etc/resolv.conf&stdout=true`, ['v5.channel.k8s.io'], { headers: { authorization: `Bearer ${server.token}` } });
      const got: Buffer[] = [];
      ws.on('message', (d: Buffer, bin) => bin && got.push(d));
      const closed = await new Promise<boolean>((resolve) => {
        ws.on('close', () => resolve(true));
        setTimeout(() => resolve(false), 300);
      });
      ws.terminate();
      return { frames: got, closed };
    };
    const garbage = await frames('garbage-channel');
    assert.deepEqual(garbage.frames.map((f) => f[0]), [7, 255, 1, 3]);
    const noStatus = await frames('close-without-status');
    assert.ok(noStatus.closed);
    assert.ok(!noStatus.frames.some((f) => f[0] === 3));
    const bad = await frames('bad-status-json');
    assert.equal(bad.frames.at(-1)!.subarray(1).toString(), '{"status": "Succ');
    const silent = await frames('no-answer');
    assert.equal(silent.frames.length, 0);
    assert.ok(!silent.closed);
    server.switches.exec.mode = 'normal';
  });
});

describe('port-forward through client-node', () => {
  let echo: Server;
  let echoPort = 0;
  before(async () => {
    // A loopback TCP peer standing in for the test's DNS server: answers "pong:" + bytes.
    echo = createServer((s) => s.on('data', (d) => s.write(Buffer.concat([Buffer.from('pong:'), d]))));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => echo.close(() => r())));

  test('v4 channel protocol, port prefix stripped, bytes relayed both ways', async () => {
    server.switches.portForward = { mode: 'normal', target: { host: '127.0.0.1', port: echoPort } };
    const k8s = await loadK8s();
    const client = await connect({ kubeconfig }, { env: {} });
    const output = new PassThrough();
    const input = new PassThrough();
    const ws = (await new k8s.PortForward(client.kubeConfig as K8s.KubeConfig).portForward('kube-system', 'coredns-7c65d6cfc9-4xkqz', [53], output, null, input)) as unknown as WebSocket;
    assert.equal(ws.protocol, 'v4.channel.k8s.io');
    const got = new Promise<string>((resolve) => output.once('data', (d: Buffer) => resolve(d.toString())));
    input.write('ping');
    assert.equal(await got, 'pong:ping');
    ws.close();
    const up = server.log.filter((l) => l.upgrade).at(-1)!;
    assert.equal(up.path, '/api/v1/namespaces/kube-system/pods/coredns-7c65d6cfc9-4xkqz/portforward?ports=53');
  });
});

describe('selectors', () => {
  const labels = { app: 'web', tier: 'front' };
  const cases: [string, boolean][] = [
    ['app=web', true], ['app==web', true], ['app!=web', false], ['app', true], ['!app', false], ['missing', false],
    ['app=web,tier=front', true], ['app in (web, api)', true], ['app notin (web)', false], ['tier in (back)', false],
  ];
  for (const [sel, want] of cases) test(`labelSelector ${sel}`, () => assert.equal(matchLabelSelector(sel, labels), want));
});

describe('discovery and HTTPS (what the real kubectl needs)', () => {
  const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));

  test('legacy discovery documents map services and endpointslices to their groups', () => {
    assert.deepEqual(discoveryDocument('/api')?.['versions'], ['v1']);
    const groups = (discoveryDocument('/apis')?.['groups'] ?? []) as { name: string }[];
    assert.ok(groups.some((g) => g.name === 'discovery.k8s.io'));
    const v1 = (discoveryDocument('/api/v1')?.['resources'] ?? []) as { name: string; kind: string; namespaced: boolean }[];
    assert.deepEqual(v1.find((r) => r.name === 'services'), { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: ['get', 'list'], shortNames: ['svc'] });
    assert.equal(v1.find((r) => r.name === 'nodes')?.namespaced, false);
    assert.equal(discoveryDocument('/apis/discovery.k8s.io/v1')?.['groupVersion'], 'discovery.k8s.io/v1');
    assert.equal(discoveryDocument('/api/v1/services'), undefined);
  });

  test('every request is logged with its arrival time', () => {
    const times = server.log.map((e) => e.at);
    assert.ok(times.length > 0 && times.every((t, i) => t >= 0 && (i === 0 || t >= times[i - 1]!)));
  });

  test('over HTTPS, client-node and kubectl list the same Services, paginated by limit/continue', { skip: !haveOpenssl() && 'openssl is missing' }, async () => {
    const tlsServer = await startFakeApiServer(fixtureCluster('kubeadm'), { tls: selfSignedCert() });
    try {
      assert.match(tlsServer.url, /^https:/);
      const kc = writeKubeconfig(tlsServer);
      const client = await connect({ kubeconfig: kc }, { env: {} });
      const ours = await client.list('Service', { limit: 2 });
      assert.ok(ours.ok, JSON.stringify(ours));
      const names = ours.value.map((o) => `${(o['metadata'] as { namespace: string }).namespace}/${(o['metadata'] as { name: string }).name}`);
      assert.ok(names.length > 2, 'more than one page');
      assert.ok(tlsServer.log.some((e) => e.query['continue']), 'a continue token was sent');
      // A new connection's first request carries the TCP accept time, before its TLS handshake.
      const first = tlsServer.log[0]!;
      assert.ok(first.connectedAt !== undefined && first.connectedAt <= first.at, JSON.stringify(first));
      if (!KUBECTL) return;
      const home = tempDir('kubectl-home-');
      // Asynchronously: the server answers from this process's event loop.
      const r = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(KUBECTL, ['get', 'services', '-A', '-o', 'json', '--chunk-size', '2', '--request-timeout', '20s', '--kubeconfig', kc], { env: { PATH: process.env['PATH'], HOME: home }, timeout: 60_000 }, (e, stdout, stderr) =>
          resolve({ status: e ? Number((e as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      rmSync(home, { recursive: true, force: true });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(tlsServer.log.some((e) => e.path.startsWith('/api/v1/services?') && e.query['limit']?.[0] === '2' && e.query['continue']), 'kubectl paged too');
      const items = (JSON.parse(r.stdout) as { items: { metadata: { name: string; namespace: string } }[] }).items;
      assert.deepEqual(items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`), names);
    } finally {
      await tlsServer.close();
    }
  });
});
