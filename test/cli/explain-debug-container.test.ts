/**
 * End to end: `kubectl dns explain --debug-container IMAGE` against the fake API server through
 * the real client-node code path, with a real nsd answering. The pod's own image has no dig; the
 * ephemeral container's exec runs the real dig (pointed at nsd instead of 10.96.0.10), so the
 * observed column comes from real DNS answers. Also: the fallbacks (forbidden, disabled, never
 * running, no dig in the debug image) and that without the flag no write request is ever sent.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { main } from '../../src/cli/main.ts';
import { captureEnv, type CapturedEnv } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer, type ExecScript, type FakeCluster } from '../harness/fake-apiserver.ts';
import { startDnsServer, FIXTURE_ZONES, type DnsServerHandle } from '../harness/dns-server.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import type { ExplainResult } from '../../src/explain/types.ts';

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const HOSTS = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tclient\n';
const IMAGE = 'registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3';
const PATCH_PATH = '/api/v1/namespaces/default/pods/client/ephemeralcontainers';
const NAME_RE = /^kubectl-dns-[bcdfghjklmnpqrstvwxz2456789]{5}$/;

let api: FakeApiServer;
let dns: DnsServerHandle;
let kubeconfig: string;
/** The container each dig exec was sent to (undefined = no container= parameter). */
let digContainers: (string | undefined)[] = [];
/** Whether the debug image has dig (the app image never does). */
let debugImageHasDig = true;

function realDig(argv: string[]): Promise<ExecScript> {
  const args = argv.slice(1).map((a) => (a === '@10.96.0.10' ? `@${dns.host}` : a));
  args.unshift('-p', String(dns.port));
  return new Promise((resolve) => {
    execFile('dig', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 0;
      resolve({ stdout, stderr, exitCode: code });
    });
  });
}

/** dig exists only in ephemeral containers kubectl-dns added (when the debug image has it). */
function execHandler(_pod: string, argv: string[], container: string | undefined): Promise<ExecScript> | ExecScript | undefined {
  if (argv[0] !== 'dig') return undefined;
  digContainers.push(container);
  if (container?.startsWith('kubectl-dns-') && debugImageHasDig) return realDig(argv);
  return { stderr: 'exec: "dig": executable file not found in $PATH', exitCode: 127 };
}

function cluster(): FakeCluster {
  const c = fixtureCluster('kubeadm');
  c.files = { 'default/client': { '/etc/resolv.conf': RESOLV, '/etc/hosts': HOSTS, '/etc/os-release': 'ID=debian\n' } };
  return c;
}

function cliEnv(argv: string[]): CapturedEnv {
  return captureEnv(argv, { KUBECONFIG: kubeconfig, NO_COLOR: '1' }, { now: () => Date.now() });
}

async function explain(...args: string[]): Promise<{ code: number; json: ExplainResult; err: string }> {
  const env = cliEnv(['explain', ...args, '-o', 'json', '--query-timeout', '1s']);
  const code = await main(env);
  const text = env.out.join('');
  return { code, json: text ? (JSON.parse(text) as ExplainResult) : (undefined as never), err: env.err.join('') };
}

const patches = (from: number) => api.log.slice(from).filter((e) => e.method === 'PATCH');
const servedPod = async () => {
  const r = await fetch(`${api.url}/api/v1/namespaces/default/pods/client`, { headers: { authorization: `Bearer ${api.token}` } });
  return (await r.json()) as { spec: { ephemeralContainers?: { name: string; image: string }[] } };
};

before(async () => {
  dns = await startDnsServer({ zones: FIXTURE_ZONES });
  api = await startFakeApiServer(cluster());
  kubeconfig = writeKubeconfig(api, { namespace: 'default' });
});

after(async () => {
  await api?.close();
  await dns?.stop();
});

beforeEach(() => {
  api.setCluster(cluster()); // the PATCH changes the served pod: start each test from the fixture
  api.switches.exec.mode = 'normal';
  api.switches.exec.handler = execHandler;
  api.switches.portForward.mode = 'normal';
  api.switches.portForward.target = { host: dns.host, port: dns.port };
  api.switches.faults.length = 0;
  api.switches.ephemeral = { mode: 'running', startDelayMs: 0, waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } };
  digContainers = [];
  debugImageHasDig = true;
});

describe('explain --debug-container', () => {
  test('no dig in the pod: an ephemeral container is patched in, real dig runs in it, the observed column is filled', async () => {
    const start = api.log.length;
    const { code, json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    assert.equal(code, 0, err);
    assert.equal(json.queriedVia?.kind, 'debug-container');
    assert.deepEqual(json.queries.map((q) => [q.fqdn, q.type, q.predicted, q.observed]), [
      ['web.shop.default.svc.cluster.local.', 'A', 'NXDOMAIN', 'NXDOMAIN'],
      ['web.shop.default.svc.cluster.local.', 'AAAA', 'NXDOMAIN', 'NXDOMAIN'],
      ['web.shop.svc.cluster.local.', 'A', 'NOERROR', 'NOERROR'],
      ['web.shop.svc.cluster.local.', 'AAAA', 'NODATA', 'NODATA'],
    ]);
    assert.deepEqual(json.queries[2]!.answers, ['10.96.12.7']);

    // Exactly one PATCH, a strategic merge patch of the subresource, with the container kubectl debug would add.
    const [patch, ...more] = patches(start);
    assert.equal(more.length, 0);
    assert.equal(patch!.path, PATCH_PATH);
    assert.equal(patch!.headers['content-type'], 'application/strategic-merge-patch+json');
    assert.equal(patch!.headers['authorization'], `Bearer ${api.token}`);
    const body = JSON.parse(patch!.body!) as { spec: { ephemeralContainers: Record<string, unknown>[] } };
    assert.equal(body.spec.ephemeralContainers.length, 1);
    const ec = body.spec.ephemeralContainers[0]!;
    const name = ec['name'] as string;
    assert.match(name, NAME_RE);
    assert.equal(ec['image'], IMAGE);
    assert.deepEqual(ec['command'], ['sleep', '300']);
    assert.equal(ec['stdin'], false);
    assert.equal(ec['tty'], false);

    // dig ran in that container only: the app container was not tried first.
    assert.deepEqual(digContainers, [name]);
    const digExec = api.log.slice(start).find((e) => e.upgrade && e.query['command']?.[0] === 'dig');
    assert.deepEqual(digExec?.query['container'], [name]);

    // Said plainly: on stderr, in the steps, in the JSON.
    assert.match(err, new RegExp(`added ephemeral container ${name} to pod default/client`));
    assert.match(err, /Kubernetes cannot remove ephemeral containers: .* stays in the pod's spec until the pod is deleted; its process exits by itself after 300s/);
    assert.deepEqual(json.debugContainer, { pod: 'default/client', image: IMAGE, name, added: true, reused: false, used: true, detail: json.debugContainer!.detail });
    assert.match(json.debugContainer!.detail, /cannot remove ephemeral containers/);
    const step = json.steps.find((s) => s.title.startsWith('Ephemeral container'));
    assert.equal(step?.title, `Ephemeral container ${name} (${IMAGE})`);
    assert.equal(step?.status, 'ok');
    assert.match(step!.detail, /stays in the pod's spec until the pod is deleted/);
    assert.match(json.queriedVia!.detail, new RegExp(`from ephemeral container ${name}.*the pod's own network path`));

    // The served pod now carries it.
    assert.deepEqual((await servedPod()).spec.ephemeralContainers?.map((c) => c.name), [name]);
  });

  test('the text output names the ephemeral container in the step narrative', async () => {
    const env = cliEnv(['explain', 'web.shop', '--from', 'default/client', '--debug-container', IMAGE, '--query-timeout', '1s']);
    assert.equal(await main(env), 0);
    const out = env.out.join('');
    assert.match(out, /✔ Ephemeral container kubectl-dns-[a-z0-9]{5} \(registry\.k8s\.io\/e2e-test-images\/jessie-dnsutils:1\.3\)\n\s+Added ephemeral container/);
    assert.match(out, /OBSERVED/);
  });

  test('a second run reuses the running container instead of adding another', async () => {
    const first = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    const name = first.json.debugContainer!.name!;
    const start = api.log.length;
    const { code, json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    assert.equal(code, 0);
    assert.equal(patches(start).length, 0, 'no second PATCH');
    assert.equal(json.queriedVia?.kind, 'debug-container');
    assert.deepEqual(json.debugContainer, { pod: 'default/client', image: IMAGE, name, added: false, reused: true, used: true, detail: json.debugContainer!.detail });
    assert.match(err, new RegExp(`reusing ephemeral container ${name}`));
    assert.deepEqual((await servedPod()).spec.ephemeralContainers?.map((c) => c.name), [name]);
    // Another image is not a reuse.
    const third = await explain('web.shop', '--from', 'default/client', '--debug-container', 'nicolaka/netshoot:v0.13');
    assert.equal(third.json.debugContainer?.added, true);
    assert.equal((await servedPod()).spec.ephemeralContainers?.length, 2);
  });

  test('the container starts after a while: the wait polls the pod until it runs', async () => {
    api.switches.ephemeral.startDelayMs = 700;
    const start = api.log.length;
    const { code, json } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    assert.equal(code, 0);
    assert.equal(json.queriedVia?.kind, 'debug-container');
    const afterPatch = api.log.slice(start).findIndex((e) => e.method === 'PATCH');
    const polls = api.log.slice(start + afterPatch).filter((e) => e.method === 'GET' && e.path === '/api/v1/namespaces/default/pods/client');
    assert.ok(polls.length >= 1, 'the pod was read again after the PATCH');
  });

  test('PATCH forbidden: falls back to the port-forward and names the RBAC permission and the can-i line', async () => {
    api.switches.faults.push({ verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers', status: 403 });
    const { code, json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    assert.equal(code, 0);
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.deepEqual(json.queries.map((q) => q.observed), ['NXDOMAIN', 'NXDOMAIN', 'NOERROR', 'NODATA']);
    assert.match(err, /--debug-container: forbidden: RBAC does not allow "patch" on pods\/ephemeralcontainers in namespace "default"/);
    assert.match(err, /kubectl auth can-i patch pods --subresource=ephemeralcontainers -n default/);
    assert.match(json.queriedVia!.detail, /--debug-container: forbidden/);
    assert.equal(json.debugContainer?.added, false);
    assert.match(json.debugContainer!.detail, /^No ephemeral container was added: forbidden/);
    assert.equal(json.steps.find((s) => s.title.startsWith('Ephemeral container'))?.status, 'warn');
    assert.deepEqual(digContainers, ['client'], 'then dig in the app container was tried (it has none)');
    assert.doesNotMatch(err, /at .*\.ts:\d+/, 'no stack trace');
    assert.equal((await servedPod()).spec.ephemeralContainers, undefined);
  });

  test('ephemeral containers disabled (404 on the subresource): falls back with a plain statement', async () => {
    api.switches.ephemeral.mode = 'unsupported';
    const { code, json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    assert.equal(code, 0);
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.match(err, /ephemeral containers are disabled or not supported on this cluster/);
  });

  test('never running (image pull back-off): a bounded wait, the waiting reason, then the fallback', async () => {
    api.switches.ephemeral.mode = 'waiting';
    api.switches.ephemeral.waiting = { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example/nope:1"' };
    const t0 = Date.now();
    const { code, json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', 'registry.example/nope:1', '--debug-container-timeout', '1500ms');
    const elapsed = Date.now() - t0;
    assert.equal(code, 0);
    assert.ok(elapsed < 8000, `bounded: ${elapsed} ms`);
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.match(err, /not running after 1\.5s \(--debug-container-timeout\): waiting: ImagePullBackOff \(Back-off pulling image "registry\.example\/nope:1"\)/);
    // It was added all the same, and the user is told it stays.
    assert.equal(json.debugContainer?.added, true);
    assert.equal(json.debugContainer?.used, false);
    assert.match(json.debugContainer!.detail, /stays in the pod's spec until the pod is deleted.*It was not running after/);
    assert.match(err, /added ephemeral container kubectl-dns-\w{5} to pod default\/client/);
    assert.deepEqual(digContainers, ['client'], 'no exec into a container that is not running');
  });

  test('it exits at once (no sleep in the image): no waiting out the timeout', async () => {
    api.switches.ephemeral.mode = 'terminated';
    const t0 = Date.now();
    const { json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE, '--debug-container-timeout', '30s');
    assert.ok(Date.now() - t0 < 10_000);
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.match(err, /exited before dig could run \(terminated: StartError, exit code 128/);
  });

  test('the debug image has no dig either: said, then the fallback', async () => {
    debugImageHasDig = false;
    const { json, err } = await explain('web.shop', '--from', 'default/client', '--debug-container', 'busybox:1.36');
    assert.equal(json.queriedVia?.kind, 'port-forward');
    assert.match(err, /--debug-container: the image busybox:1\.36 has no dig; sending the queries another way/);
    assert.equal(json.debugContainer?.added, true);
    assert.equal(json.debugContainer?.used, false);
    assert.equal(digContainers.length, 2);
    assert.match(digContainers[0]!, NAME_RE);
    assert.equal(digContainers[1], 'client');
  });

  test('a pod that is not running gets no ephemeral container', async () => {
    const c = cluster();
    const pod = c.items.find((o) => o['kind'] === 'Pod' && (o['metadata'] as { name: string }).name === 'client')!;
    (pod['status'] as { phase: string }).phase = 'Pending';
    api.setCluster(c);
    const start = api.log.length;
    const { json } = await explain('web.shop', '--from', 'default/client', '--debug-container', IMAGE);
    assert.equal(patches(start).length, 0);
    assert.equal(json.debugContainer?.added, false);
    assert.match(json.debugContainer!.detail, /the pod is Pending/);
  });

  test('contradicting flags are usage errors, before any request', async () => {
    for (const extra of [['--no-exec'], ['--no-query'], ['--dns-server', '127.0.0.1:53'], ['--snapshot', 'examples/snapshot.yaml']]) {
      const before = api.log.length;
      const env = cliEnv(['explain', 'web.shop', '--from', 'default/client', '--debug-container', IMAGE, ...extra]);
      assert.equal(await main(env), 2, extra.join(' '));
      assert.match(env.err.join(''), /^error: --debug-container cannot be used here: /);
      assert.equal(api.log.length, before);
    }
    const env = cliEnv(['explain', 'web.shop', '--from', 'default/client', '--debug-container', 'two words']);
    assert.equal(await main(env), 2);
    assert.match(env.err.join(''), /is not an image reference/);
  });
});

describe('without --debug-container', () => {
  test('no write request ever: only GET/LIST, exec and port-forward upgrades', async () => {
    const start = api.log.length;
    const { code, json } = await explain('web.shop', '--from', 'default/client');
    assert.equal(code, 0);
    assert.equal(json.queriedVia?.kind, 'port-forward', 'the app has no dig, so a port-forward');
    assert.equal(json.debugContainer, undefined);
    assert.equal(json.steps.some((s) => s.title.startsWith('Ephemeral container')), false);
    const entries = api.log.slice(start);
    assert.ok(entries.length > 5);
    for (const e of entries) {
      assert.equal(e.method, 'GET', `${e.method} ${e.path}`);
      if (e.upgrade) assert.match(e.path, /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/(exec|portforward)\?/);
    }
    assert.ok(entries.some((e) => e.upgrade && e.path.includes('/portforward')));
    assert.equal((await servedPod()).spec.ephemeralContainers, undefined);
  });
});
