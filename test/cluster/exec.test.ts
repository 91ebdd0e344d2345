// execRead through the real client-node against the fake API server, including the hazards
// that crash an unguarded client-node 2.0.1 (garbage channel, server close frame, bad status JSON).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as K8s from '@kubernetes/client-node';
import { connect } from '../../src/cluster/client.ts';
import { execRead, outcomeOfConnectError, outcomeOfStatus } from '../../src/cluster/exec.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
let server: FakeApiServer;
let kc: K8s.KubeConfig;
const uncaught: unknown[] = [];
const onUncaught = (e: unknown): void => {
  uncaught.push(e);
};

before(async () => {
  process.on('uncaughtException', onUncaught);
  const c = fixtureCluster('kubeadm');
  c.files = { 'default/client': { '/etc/resolv.conf': RESOLV, '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.1.5\tclient\n' } };
  server = await startFakeApiServer(c);
  const client = await connect({ kubeconfig: writeKubeconfig(server, { namespace: 'default' }) }, { env: {} });
  kc = client.kubeConfig as K8s.KubeConfig;
});
after(async () => {
  process.off('uncaughtException', onUncaught);
  await server.close();
  assert.deepEqual(uncaught, [], 'no uncaught exception escaped client-node');
});

function reset(): void {
  server.switches.exec = { protocol: 'v5.channel.k8s.io', mode: 'normal', scripts: {} };
  server.switches.faults = [];
}

test('ok: cat /etc/resolv.conf over v5 and v4, with the token on the upgrade', async () => {
  for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const) {
    reset();
    server.switches.exec.protocol = protocol;
    const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/resolv.conf'], { timeoutMs: 3000 });
    assert.equal(r.outcome, 'ok', r.detail);
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, RESOLV);
    assert.equal(r.protocol, protocol);
    const up = server.log.filter((l) => l.upgrade).at(-1)!;
    assert.equal(up.headers['authorization'], `Bearer ${server.token}`);
    assert.deepEqual(up.query['command'], ['cat', '/etc/resolv.conf']);
  }
});

test('nonZeroExit: cat of a missing file, stderr kept', async () => {
  reset();
  const r = await execRead(kc, 'default', 'client', 'client', ['cat', '/etc/nope'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'nonZeroExit');
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /No such file or directory/);
});

test('notFound: the binary is missing (exit 127, distroless image)', async () => {
  reset();
  const r = await execRead(kc, 'default', 'client', undefined, ['getent', 'hosts', 'web'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'notFound');
  assert.equal(r.exitCode, 127);
});

test('forbidden: 403 on the upgrade', async () => {
  reset();
  server.switches.exec.mode = 'forbidden';
  const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/hosts'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'forbidden');
  assert.equal(r.httpStatus, 403);
  assert.match(r.detail, /pods\/exec/);
});

test('error: exec into a pod that does not exist (404)', async () => {
  reset();
  const r = await execRead(kc, 'default', 'no-such-pod', undefined, ['cat', '/etc/hosts'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'error');
  assert.equal(r.httpStatus, 404);
});

test('hazard: garbage channel 7 and a server close frame 255 do not crash; the output still arrives', async () => {
  reset();
  server.switches.exec.mode = 'garbage-channel';
  const stdoutEnded = process.stdout.writableEnded;
  const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/resolv.conf'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'ok', r.detail);
  assert.equal(r.stdout, RESOLV);
  assert.equal(r.ignoredFrames, 2);
  assert.equal(process.stdout.writableEnded, stdoutEnded, 'process.stdout must not be ended by the library');
});

test('hazard: bad status JSON is an error outcome, not a crash', async () => {
  reset();
  server.switches.exec.mode = 'bad-status-json';
  const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/resolv.conf'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'error');
  assert.match(r.detail, /exit status could not be read/);
  assert.equal(r.stdout, RESOLV);
});

test('closedWithoutStatus: the socket closes before a status', async () => {
  reset();
  server.switches.exec.mode = 'close-without-status';
  const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/resolv.conf'], { timeoutMs: 3000 });
  assert.equal(r.outcome, 'closedWithoutStatus');
  assert.equal(r.stdout, RESOLV);
});

test('timeout: the command never ends (socket open, silent)', async () => {
  reset();
  server.switches.exec.mode = 'no-answer';
  const t0 = Date.now();
  const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/resolv.conf'], { timeoutMs: 400 });
  assert.equal(r.outcome, 'timeout');
  assert.ok(Date.now() - t0 < 2000);
});

test('timeout: the upgrade itself hangs (handshake timeout)', async () => {
  reset();
  server.switches.faults = [{ subresource: 'exec', status: 'hang' }];
  const t0 = Date.now();
  const r = await execRead(kc, 'default', 'client', undefined, ['cat', '/etc/resolv.conf'], { timeoutMs: 5000, handshakeTimeoutMs: 300 });
  assert.equal(r.outcome, 'timeout');
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  reset();
});

test('outcomeOfStatus and outcomeOfConnectError map the kubelet and ws texts', () => {
  assert.equal(outcomeOfStatus({ status: 'Success' }).outcome, 'ok');
  assert.equal(outcomeOfStatus({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '126' }] } }).outcome, 'notFound');
  assert.equal(outcomeOfStatus({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '2' }] } }).exitCode, 2);
  const internal = outcomeOfStatus({
    status: 'Failure',
    reason: 'InternalError',
    message: 'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "3f2": OCI runtime exec failed: exec failed: unable to start container process: exec: "cat": executable file not found in $PATH: unknown',
  });
  assert.equal(internal.outcome, 'notFound');
  assert.equal(outcomeOfStatus({ status: 'Failure', reason: 'InternalError', message: 'container not running' }).outcome, 'error');
  assert.equal(outcomeOfConnectError(new Error('Unexpected server response: 403')).outcome, 'forbidden');
  assert.equal(outcomeOfConnectError({ message: 'Opening handshake has timed out' }).outcome, 'timeout');
  assert.equal(outcomeOfConnectError(new Error('connect ECONNREFUSED 127.0.0.1:1')).outcome, 'error');
});
