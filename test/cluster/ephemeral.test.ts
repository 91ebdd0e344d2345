// The pure parts of --debug-container: the ephemeral container's name, spec and patch, reading its
// status from a pod as the API returns it, reuse of an earlier run's container, and what a refused
// PATCH means.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NAME_PREFIX,
  classifyPatchFailure,
  containerNames,
  debugContainerName,
  describeState,
  ephemeralContainerSpec,
  ephemeralContainersPatch,
  ephemeralState,
  findReusable,
} from '../../src/cluster/ephemeral.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');

function pod(ephemeral: Record<string, unknown>[], statuses: Record<string, unknown>[]): Record<string, unknown> {
  return {
    metadata: { name: 'client', namespace: 'default' },
    spec: { containers: [{ name: 'client', image: 'busybox:1.36' }], initContainers: [{ name: 'init' }], ephemeralContainers: ephemeral },
    status: { phase: 'Running', ephemeralContainerStatuses: statuses },
  };
}

const ours = (name: string, image = 'dnsutils:1', seconds = '300') => ({ name, image, command: ['sleep', seconds] });
const running = (name: string, startedAt: string) => ({ name, state: { running: { startedAt } } });

describe('name', () => {
  test('kubectl-dns- and five characters of the Kubernetes random alphabet', () => {
    for (let i = 0; i < 50; i++) assert.match(debugContainerName([]), /^kubectl-dns-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('a name the pod already has is never chosen', () => {
    const seq = [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5];
    let i = 0;
    const random = () => seq[i++ % seq.length]!;
    const first = debugContainerName([], () => 0);
    assert.equal(first, `${NAME_PREFIX}bbbbb`);
    const second = debugContainerName([first], random);
    assert.notEqual(second, first);
    assert.equal(i, 10, 'drew a second name after the collision');
  });

  test('containerNames covers containers, init containers and ephemeral containers', () => {
    assert.deepEqual(containerNames(pod([ours('kubectl-dns-bbbbb')], [])), ['client', 'init', 'kubectl-dns-bbbbb']);
    assert.deepEqual(containerNames({}), []);
  });
});

describe('spec and patch', () => {
  test('non-interactive, bounded, unprivileged, no target container', () => {
    const spec = ephemeralContainerSpec('kubectl-dns-bbbbb', 'dnsutils:1');
    assert.deepEqual(spec, {
      name: 'kubectl-dns-bbbbb',
      image: 'dnsutils:1',
      command: ['sleep', '300'],
      stdin: false,
      tty: false,
      terminationMessagePolicy: 'File',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    assert.equal('targetContainerName' in spec, false);
    // Fields the API forbids on ephemeral containers are absent.
    for (const f of ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle']) assert.equal(f in spec, false, f);
  });

  test('the patch adds one entry to spec.ephemeralContainers (a strategic merge by name)', () => {
    const spec = ephemeralContainerSpec('kubectl-dns-bbbbb', 'dnsutils:1', 60);
    assert.deepEqual(ephemeralContainersPatch(spec), { spec: { ephemeralContainers: [spec] } });
    assert.deepEqual(spec['command'], ['sleep', '60']);
  });
});

describe('state', () => {
  test('missing, pending, waiting, running, terminated', () => {
    const p = pod(
      [ours('a'), ours('b'), ours('c'), ours('d')],
      [
        { name: 'b', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "dnsutils:1"' } } },
        running('c', '2026-11-23T09:59:00Z'),
        { name: 'd', state: { terminated: { exitCode: 128, reason: 'StartError', message: 'exec: "sleep": executable file not found in $PATH' } } },
      ],
    );
    assert.deepEqual(ephemeralState(p, 'zz'), { state: 'missing' });
    assert.deepEqual(ephemeralState(p, 'a'), { state: 'pending' });
    assert.deepEqual(ephemeralState(p, 'b'), { state: 'waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "dnsutils:1"' });
    assert.deepEqual(ephemeralState(p, 'c'), { state: 'running', startedAt: '2026-11-23T09:59:00Z' });
    assert.deepEqual(ephemeralState(p, 'd'), { state: 'terminated', reason: 'StartError', message: 'exec: "sleep": executable file not found in $PATH', exitCode: 128 });
    assert.equal(describeState(ephemeralState(p, 'b')), 'waiting: ImagePullBackOff (Back-off pulling image "dnsutils:1")');
    assert.equal(describeState(ephemeralState(p, 'd')), 'terminated: StartError, exit code 128 (exec: "sleep": executable file not found in $PATH)');
    assert.equal(describeState(ephemeralState(p, 'a')), 'no status reported by the kubelet yet');
  });

  test('a pod without status or spec is read without throwing', () => {
    assert.deepEqual(ephemeralState(undefined, 'a'), { state: 'missing' });
    assert.deepEqual(ephemeralState({ spec: { ephemeralContainers: [{ name: 'a' }] } }, 'a'), { state: 'pending' });
  });
});

describe('reuse', () => {
  const started = '2026-11-23T09:58:00Z'; // 120 s before NOW: 180 s of sleep left

  test('a running container of ours with the same image and enough time left', () => {
    const p = pod([ours('kubectl-dns-ccccc')], [running('kubectl-dns-ccccc', started)]);
    assert.deepEqual(findReusable(p, 'dnsutils:1', NOW, 60_000), { name: 'kubectl-dns-ccccc', remainingMs: 180_000 });
  });

  test('not when too little time is left, the image differs, it is not ours, or not running', () => {
    assert.equal(findReusable(pod([ours('kubectl-dns-ccccc')], [running('kubectl-dns-ccccc', started)]), 'dnsutils:1', NOW, 200_000), undefined);
    assert.equal(findReusable(pod([ours('kubectl-dns-ccccc')], [running('kubectl-dns-ccccc', started)]), 'netshoot:1', NOW, 1), undefined);
    assert.equal(findReusable(pod([ours('debugger-ccccc')], [running('debugger-ccccc', started)]), 'dnsutils:1', NOW, 1), undefined);
    assert.equal(findReusable(pod([ours('kubectl-dns-ccccc')], [{ name: 'kubectl-dns-ccccc', state: { terminated: { exitCode: 0 } } }]), 'dnsutils:1', NOW, 1), undefined);
    assert.equal(findReusable(pod([{ name: 'kubectl-dns-ccccc', image: 'dnsutils:1', command: ['sh'] }], [running('kubectl-dns-ccccc', started)]), 'dnsutils:1', NOW, 1), undefined);
  });

  test('the one with most time left', () => {
    const p = pod(
      [ours('kubectl-dns-ccccc'), ours('kubectl-dns-ddddd')],
      [running('kubectl-dns-ccccc', started), running('kubectl-dns-ddddd', '2026-11-23T09:59:30Z')],
    );
    assert.equal(findReusable(p, 'dnsutils:1', NOW, 1)?.name, 'kubectl-dns-ddddd');
  });
});

describe('a refused PATCH', () => {
  const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) =>
    JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details ? { details } : {}) });

  test('RBAC: names the permission, the role and the can-i line', () => {
    const body = status(403, 'Forbidden', 'pods "client" is forbidden: User "jane" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"', { name: 'client', kind: 'pods' });
    const r = classifyPatchFailure(403, body, 'default', 'client');
    assert.equal(r.kind, 'forbidden');
    assert.match(r.detail, /"patch" on pods\/ephemeralcontainers in namespace "default"/);
    assert.match(r.detail, /kubectl-dns-debug-container/);
    assert.match(r.detail, /check with: kubectl auth can-i patch pods --subresource=ephemeralcontainers -n default$/);
  });

  test('Pod Security admission is not blamed on RBAC', () => {
    const body = status(403, 'Forbidden', 'pods "client" is forbidden: violates PodSecurity "restricted:latest": runAsNonRoot != true (container "kubectl-dns-bbbbb" must set securityContext.runAsNonRoot=true)');
    const r = classifyPatchFailure(403, body, 'default', 'client');
    assert.equal(r.kind, 'pod-security');
    assert.match(r.detail, /Pod Security admission/);
    assert.doesNotMatch(r.detail, /RBAC/);
  });

  test('404 without details: the subresource is missing (feature disabled); with a name: the pod is gone', () => {
    const off = classifyPatchFailure(404, status(404, 'NotFound', 'the server could not find the requested resource'), 'default', 'client');
    assert.equal(off.kind, 'unsupported');
    assert.match(off.detail, /disabled or not supported/);
    const gone = classifyPatchFailure(404, status(404, 'NotFound', 'pods "client" not found', { name: 'client', kind: 'pods' }), 'default', 'client');
    assert.equal(gone.kind, 'pod-gone');
  });

  test('422 carries the API server message; 5xx and others are described', () => {
    const inv = classifyPatchFailure(422, status(422, 'Invalid', 'Pod "client" is invalid: spec.ephemeralContainers[0].image: Required value'), 'default', 'client');
    assert.equal(inv.kind, 'invalid');
    assert.match(inv.detail, /422 Invalid\): Pod "client" is invalid: spec\.ephemeralContainers\[0\]\.image: Required value/);
    const s = classifyPatchFailure(500, status(500, 'InternalError', 'etcd is down'), 'default', 'client', 'https://k8s');
    assert.equal(s.kind, 'other');
    assert.match(s.detail, /HTTP 500.*etcd is down/);
    assert.equal(classifyPatchFailure(415, 'Unsupported Media Type', 'default', 'client').kind, 'unsupported');
  });
});
