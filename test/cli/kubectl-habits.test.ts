// Issue 16.1/16.5: kubectl's argument habits (argv.ts, from-ref.ts), `version`, `help`, TERM=dumb and
// plain words for internal codes, run in-process through main() against the example snapshot.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { normalizeArgv } from '../../src/cli/argv.ts';
import { parseFromRef, pickWorkloadPod } from '../../src/cli/from-ref.ts';
import { plainWords } from '../../src/cli/plain-words.ts';
import { useColor } from '../../src/cli/flags.ts';
import { VERSION } from '../../src/cli/version.ts';
import type { PodView } from '../../src/model/view.ts';
import { captureEnv } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const snapshot = `${root}examples/snapshot.yaml`;
const COMMANDS = ['explain', 'records', 'lint-corefile', 'snapshot', 'doctor', 'version', 'completion'];

async function run(argv: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  const env = captureEnv(argv, { NO_COLOR: '1', ...opts.env }, opts.stdin !== undefined ? { stdin: opts.stdin } : {});
  const code = await main(env);
  return { code, stdout: env.out.join(''), stderr: env.err.join('') };
}

test('argv: global flags before the subcommand move after it; -n=NS splits; -v=N is taken out', () => {
  assert.deepEqual(normalizeArgv(['-n', 'shop', 'records'], COMMANDS).argv, ['records', '-n', 'shop']);
  assert.deepEqual(normalizeArgv(['--context', 'c', '--no-color', 'explain', 'web'], COMMANDS).argv, ['explain', '--context', 'c', '--no-color', 'web']);
  assert.deepEqual(normalizeArgv(['--context=c', 'explain', 'web'], COMMANDS).argv, ['explain', '--context=c', 'web']);
  assert.deepEqual(normalizeArgv(['records', '-n=shop', '-o=json'], COMMANDS).argv, ['records', '-n', 'shop', '-o', 'json']);
  assert.deepEqual(normalizeArgv(['records', '-v=6'], COMMANDS), { argv: ['records', '--debug'], verbosity: 6 });
  assert.deepEqual(normalizeArgv(['-v', '2', 'records'], COMMANDS), { argv: ['records'], verbosity: 2 });
  assert.deepEqual(normalizeArgv(['records', '--v=3'], COMMANDS), { argv: ['records'], verbosity: 3 });
  // Not a subcommand after the flags: left for commander to refuse.
  assert.deepEqual(normalizeArgv(['-n', 'shop', 'nope'], COMMANDS).argv, ['-n', 'shop', 'nope']);
  // After `--` nothing is touched.
  assert.deepEqual(normalizeArgv(['explain', '--', '-n=x'], COMMANDS).argv, ['explain', '--', '-n=x']);
  assert.deepEqual(normalizeArgv(['--version'], COMMANDS).argv, ['--version']);
});

test('--from: TYPE/NAME as kubectl reads it; NS/POD and POD as before', () => {
  assert.deepEqual(parseFromRef('pod/client', 'default', undefined), { kind: 'Pod', namespace: 'default', name: 'client' });
  assert.deepEqual(parseFromRef('shop/client', 'default', undefined), { kind: 'Pod', namespace: 'shop', name: 'client' });
  assert.deepEqual(parseFromRef('client', 'ctx', undefined), { kind: 'Pod', namespace: 'ctx', name: 'client' });
  for (const [t, kind] of [
    ['deploy', 'Deployment'],
    ['deployment', 'Deployment'],
    ['sts', 'StatefulSet'],
    ['statefulset', 'StatefulSet'],
    ['ds', 'DaemonSet'],
    ['daemonset', 'DaemonSet'],
    ['job', 'Job'],
  ] as const) {
    assert.deepEqual(parseFromRef(`${t}/x`, 'shop', undefined), { kind, namespace: 'shop', name: 'x' });
  }
  assert.deepEqual(parseFromRef('shop/deploy/web', undefined, undefined), { kind: 'Deployment', namespace: 'shop', name: 'web' });
  assert.throws(() => parseFromRef('a/b/c', 'x', undefined), /not a pod or workload type/);
  assert.throws(() => parseFromRef('shop/web', 'x', 'other'), /-n says other/);
});

test('a workload means its most active pod: ready and running first, stable by name', () => {
  const pod = (name: string, ready: boolean, phase: string, labels: Record<string, string> = { app: 'web' }): PodView =>
    ({ namespace: 'shop', name, labels, ready, phase, podIPs: [], hostNetwork: false, dnsPolicy: 'ClusterFirst', containers: [], containerStatuses: [], nodeName: 'n1' }) as PodView;
  const pods = [pod('web-a', false, 'Pending'), pod('web-c', true, 'Running'), pod('web-b', true, 'Running'), pod('other', true, 'Running', { app: 'x' })];
  const chosen = pickWorkloadPod(pods, { kind: 'Deployment', namespace: 'shop', name: 'web' }, { matchLabels: { app: 'web' } });
  assert.equal(chosen.pod.name, 'web-b');
  assert.equal(chosen.of, 3);
  assert.equal(chosen.ready, 2);
  assert.throws(() => pickWorkloadPod(pods, { kind: 'Job', namespace: 'shop', name: 'j' }, { matchLabels: { job: 'j' } }), /job\/j in namespace shop has no pods/);
});

test('explain --from deploy/web and sts/db on a snapshot choose a pod by owner and say which on stderr', async () => {
  const d = await run(['explain', 'web', '--from', 'deploy/web', '-n', 'shop', '--snapshot', snapshot]);
  assert.match(d.stderr, /^using pod shop\/web-6d4b8c7f9d-2lq8x of deployment\/web \(ready; 1 of 1 pods ready\)$/m);
  assert.match(d.stdout, /Explaining web from pod shop\/web-6d4b8c7f9d-2lq8x/);
  const s = await run(['explain', 'db', '--from', 'statefulset/db', '-n', 'shop', '--snapshot', snapshot]);
  assert.match(s.stderr, /^using pod shop\/db-0 of statefulset\/db /m);
  const p = await run(['explain', 'web', '--from', 'pod/web-6d4b8c7f9d-2lq8x', '-n', 'shop', '--snapshot', snapshot]);
  assert.match(p.stdout, /from pod shop\/web-6d4b8c7f9d-2lq8x/);
  assert.doesNotMatch(p.stderr, /using pod/);
  const none = await run(['explain', 'web', '--from', 'ds/nope', '-n', 'shop', '--snapshot', snapshot]);
  assert.equal(none.code, 2);
  assert.equal(none.stderr, 'error: daemonset/nope in namespace shop has no pods\n');
});

test('global flags before the subcommand, -n=NS and --flag=value reach the command', async () => {
  const a = await run(['-n', 'shop', '--snapshot', snapshot, 'records', '-o', 'json']);
  const b = await run(['records', '-n=shop', `--snapshot=${snapshot}`, '--output=json']);
  const c = await run(['records', '--namespace', 'shop', '--snapshot', snapshot, '-o', 'json']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(JSON.parse(a.stdout).namespace, 'shop');
  assert.equal(a.stdout, c.stdout);
  assert.equal(b.stdout, c.stdout);
});

test('-v=N: accepted; 4 and up print what --debug prints', async () => {
  const quiet = await run(['lint-corefile', '-v=2', '/nonexistent/Corefile']);
  const loud = await run(['-v', '6', 'lint-corefile', '/nonexistent/Corefile']);
  assert.equal(quiet.code, 2);
  assert.equal(loud.code, 2);
  assert.match(quiet.stderr, /^error: /);
  assert.doesNotMatch(quiet.stderr, /\n\s+at /, 'no stack below -v=4');
  assert.match(loud.stderr, /\n\s+at /, '-v=6 prints the stack, as --debug does');
});

test('lint-corefile -f - reads the ConfigMap manifest from standard input', async () => {
  const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: |\n    .:53 {\n        proxy . 8.8.8.8\n    }\n';
  const r = await run(['lint-corefile', '-f', '-', '-o', 'json'], { stdin: manifest });
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { source: string; findings: { rule: string }[] };
  assert.equal(doc.source, 'standard input (data.Corefile)');
  assert.ok(doc.findings.some((f) => f.rule === 'plugin-removed'), r.stdout);
});

test('version: client and Node; with --snapshot the CoreDNS image (CONTRACT.md shape); --client asks no cluster', async () => {
  const r = await run(['version', '--snapshot', snapshot, '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    client: { version: VERSION, node: process.version },
    coredns: { image: 'registry.k8s.io/coredns/coredns:v1.11.3', version: '1.11.3' },
  });
  const c = await run(['version', '--client', '-o', 'json']);
  assert.deepEqual(JSON.parse(c.stdout), { client: { version: VERSION, node: process.version } });
  assert.equal(c.stderr, '');
  const t = await run(['version', '--client']);
  assert.equal(t.stdout, `Client Version: ${VERSION}\nNode Version: ${process.version}\n`);
  // No cluster: the client part, a warning, exit 0.
  const n = await run(['version', '--kubeconfig', '/nonexistent/kubeconfig']);
  assert.equal(n.code, 0);
  assert.match(n.stdout, /^Client Version: /);
  assert.match(n.stderr, /^warning: no server version: /);
});

test('help [command] prints the command help', async () => {
  const r = await run(['help', 'records']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: kubectl dns records/);
  const top = await run(['help']);
  assert.match(top.stdout, /Usage: kubectl dns/);
  assert.match(top.stdout, /\bversion\b/);
});

test('TERM=dumb turns colour off; FORCE_COLOR still wins', () => {
  assert.equal(useColor(true, { isTTY: true }, { TERM: 'dumb' }), false);
  assert.equal(useColor(true, { isTTY: true }, { TERM: 'xterm-256color' }), true);
  assert.equal(useColor(true, { isTTY: true }, { TERM: 'dumb', FORCE_COLOR: '1' }), true);
});

test('internal codes become plain words', () => {
  assert.equal(plainWords('connect to 10.0.0.1:6443: UND_ERR_CONNECT_TIMEOUT'), 'connect to 10.0.0.1:6443: the connection timed out');
  assert.equal(plainWords('connection refused (ECONNREFUSED)'), 'connection refused');
  assert.equal(plainWords('exec: nonZeroExit'), 'exec: the command exited with an error');
  assert.equal(plainWords('all fine'), 'all fine');
});

describe('against an API server (the fake one, through client-node)', () => {
  let api: FakeApiServer;
  let kubeconfig: string;
  before(async () => {
    api = await startFakeApiServer(fixtureCluster('kubeadm'));
    kubeconfig = writeKubeconfig(api, { namespace: 'default' });
  });
  after(async () => {
    await api?.close();
  });
  const live = (argv: string[]) => run(argv, { env: { KUBECONFIG: kubeconfig } });

  test('explain --from sts/db reads the StatefulSet selector and picks its ready pod', async () => {
    const r = await live(['-n', 'shop', 'explain', 'db', '--from', 'sts/db', '--no-exec', '--no-query', '--no-logs', '-o', 'json']);
    assert.match(r.stderr, /^using pod shop\/db-0 of statefulset\/db \(ready; 1 of 2 pods ready\)$/m);
    assert.equal((JSON.parse(r.stdout) as { from: unknown }).from, 'shop/db-0');
    const d = await live(['explain', 'kubernetes.default', '--from', 'deployment/coredns', '-n=kube-system', '--no-exec', '--no-query', '--no-logs']);
    assert.match(d.stderr, /^using pod kube-system\/coredns-7c65d6cfc9-\w+ of deployment\/coredns /m);
    const missing = await live(['explain', 'db', '--from', 'deploy/nope', '-n', 'shop', '--no-exec', '--no-query']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'error: deployment/nope not found in namespace shop\n');
  });

  test('version: the server version and the CoreDNS image', async () => {
    const r = await live(['version', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      client: { version: VERSION, node: process.version },
      server: { gitVersion: 'v1.31.0' },
      coredns: { image: 'registry.k8s.io/coredns/coredns:v1.11.3', version: '1.11.3' },
    });
  });
});

describe('records output options (issue 16.2)', () => {
  const base = ['records', '-n', 'shop', '--service', 'web', '--snapshot', snapshot];

  test('-o jsonpath and -o custom-columns read the -o json document', async () => {
    const json = JSON.parse((await run([...base, '-o', 'json'])).stdout) as { records: { name: string; data: string }[] };
    const names = await run([...base, '-o', 'jsonpath={.records[*].name}']);
    assert.equal(names.code, 0, names.stderr);
    assert.equal(names.stdout, json.records.map((r) => r.name).join(' '));
    const range = await run([...base, '-o=jsonpath={range .records[*]}{.name}{"\\t"}{.data}{"\\n"}{end}']);
    assert.equal(range.stdout, json.records.map((r) => `${r.name}\t${r.data}\n`).join(''));
    const cols = await run([...base, '-o', 'custom-columns=NAME:.name,DATA:.data', '--no-headers']);
    assert.deepEqual(cols.stdout.trimEnd().split('\n').map((l) => l.split(/\s{3,}/)), json.records.map((r) => [r.name, r.data]));
    const bad = await run([...base, '-o', 'jsonpath={range .records[*]}']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'error: -o jsonpath: {range ...} without {end}\n');
    const empty = await run([...base, '-o', 'jsonpath=']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /jsonpath= needs a template/);
  });

  test('-o name: one record name a line, each once', async () => {
    const r = await run([...base, '-o', 'name']);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(new Set(lines).size, lines.length);
    assert.ok(lines.includes('web.shop.svc.cluster.local.'));
    assert.ok(lines.includes('7.12.96.10.in-addr.arpa.'));
  });

  test('-o wide adds SOURCE; --no-headers prints rows alone (notes on stderr)', async () => {
    const wide = await run([...base, '-o', 'wide']);
    assert.match(wide.stdout, /^NAME\s+TYPE\s+TTL\s+DATA\s+SOURCE$/m);
    assert.match(wide.stdout, /^10-244-1-10\.web\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.244\.1\.10\s+EndpointSlice shop\/web-8kq2s$/m);
    const rows = await run([...base, '--no-headers']);
    assert.doesNotMatch(rows.stdout.trimEnd(), /NAME|Service shop\/web|^$/m);
    assert.equal(rows.stdout.trimEnd().split('\n').length, (await run([...base, '-o', 'zone'])).stdout.split('\n').filter((l) => l && !l.startsWith(';')).length);
  });

  test('-o zone: master-file lines nsd-checkzone accepts', { skip: existsSync('/usr/sbin/nsd-checkzone') ? undefined : 'nsd-checkzone is not installed' }, async () => {
    const r = await run(['records', '-A', '--snapshot', snapshot, '--type', 'NS,A,AAAA,SRV,TXT', '-o', 'zone']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^web\.shop\.svc\.cluster\.local\.\t30\tIN\tA\t10\.96\.12\.7$/m);
    assert.match(r.stdout, /^dns-version\.cluster\.local\.\t30\tIN\tTXT\t"1\.1\.0"$/m);
    // The listing has no SOA (the model lists what names answer); nsd needs one to load a zone.
    const dir = mkdtempSync(join(tmpdir(), 'kdns-zone-'));
    try {
      const file = join(dir, 'cluster.local.zone');
      writeFileSync(file, 'cluster.local. 30 IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30\n' + r.stdout);
      const check = spawnSync('/usr/sbin/nsd-checkzone', ['cluster.local', file], { encoding: 'utf8' });
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /zone cluster\.local is ok/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('other commands: jsonpath and custom-columns on their own documents', async () => {
    const lint = await run(['lint-corefile', `${root}examples/Corefile.broken`, '-o', 'custom-columns=RULE:.rule,SEVERITY:.severity', '--no-headers']);
    assert.match(lint.stdout, /^plugin-removed\s+error$/m);
    const v = await run(['version', '--client', '-o', 'jsonpath={.client.version}']);
    assert.equal(v.stdout, VERSION);
    const ex = await run(['explain', 'web', '--from', 'shop/web-6d4b8c7f9d-2lq8x', '--snapshot', snapshot, '-o', 'jsonpath={.resolved}']);
    assert.equal(ex.stdout, 'true');
  });
});

describe('records tables (issue 16.3): -A as one table, fitted to the terminal', () => {
  async function tty(argv: string[], columns: number | undefined) {
    const env = captureEnv(argv, { NO_COLOR: '1' });
    env.stdout = { write: (s: string) => env.out.push(s), isTTY: columns !== undefined, ...(columns ? { columns } : {}) };
    const code = await main(env);
    return { code, stdout: env.out.join(''), stderr: env.err.join('') };
  }
  const all = ['records', '-A', '--snapshot', snapshot];

  test('-A: one table, NAMESPACE first; the zone apex records have "-"', async () => {
    const r = await run(all);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAMESPACE\s+NAME\s+TYPE\s+TTL\s+DATA$/m);
    assert.equal(r.stdout.match(/^NAMESPACE/gm)?.length, 1);
    assert.doesNotMatch(r.stdout, /^Service /m);
    assert.match(r.stdout, /^shop\s+web\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.96\.12\.7$/m);
    assert.match(r.stdout, /^-\s+dns-version\.cluster\.local\.\s+TXT\s+30\s+"1\.1\.0"$/m);
  });

  test('on an 80-column terminal no line is longer than 80 (names cut with "…"); -o wide and pipes keep them whole', async () => {
    const narrow = await tty(all, 80);
    const lines = narrow.stdout.trimEnd().split('\n');
    for (const l of lines) assert.ok([...l].length <= 80, `${[...l].length}: ${l}`);
    assert.match(narrow.stdout, /…/);
    const wide = await tty([...all, '-o', 'wide'], 80);
    assert.match(wide.stdout, /_https\._tcp\.kubernetes\.default\.svc\.cluster\.local\./);
    const pipe = await tty(all, undefined);
    assert.doesNotMatch(pipe.stdout, /…/);
    assert.equal(pipe.stdout, (await run(all)).stdout);
    // a row that fits is never cut
    const one = await tty(['records', '-n', 'shop', '--service', 'db', '--type', 'A', '--snapshot', snapshot], 80);
    assert.match(one.stdout, /^db-0\.db\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.244\.1\.20$/m);
  });
});
