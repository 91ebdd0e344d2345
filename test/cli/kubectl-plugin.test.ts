// kubectl-dns through the real kubectl binary, as users run it: a directory holding an executable
// `kubectl-dns` (a wrapper around the built dist/ entry with this Node) and `kubectl_complete-dns`
// first on PATH. Needs `npm run build` (npm test runs it first) and kubectl on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { VERSION } from '../../src/cli/version.ts';
import { startFakeApiServer, type FakeApiServer, type ExecScript } from '../harness/fake-apiserver.ts';
import { startDnsServer, FIXTURE_ZONES, type DnsServerHandle } from '../harness/dns-server.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { kubeconfigText } from '../harness/kubeconfig.ts';
import { tempDir } from '../harness/temp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = join(ROOT, 'dist/bin/kubectl-dns.js');
const DIST_COMPLETE = join(ROOT, 'dist/bin/kubectl_complete-dns.js');
const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find(existsSync);
const skip = !KUBECTL ? 'kubectl is not installed on this machine' : undefined;

function pluginDir(): string {
  assert.ok(existsSync(DIST) && existsSync(DIST_COMPLETE), 'dist/ is missing: run `npm run build` first');
  const dir = tempDir('kdns-plugin-');
  for (const [name, entry] of [
    ['kubectl-dns', DIST],
    ['kubectl_complete-dns', DIST_COMPLETE],
  ] as const) {
    writeFileSync(join(dir, name), `#!/bin/sh\nexec '${process.execPath}' '${entry}' "$@"\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

const dir = skip ? '' : pluginDir();
const home = skip ? '' : tempDir('kdns-home-');

/** kubectl with only our plugin dir and the system dirs on PATH, and an empty HOME (no kubeconfig). */
function kubectl(args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(KUBECTL!, args, {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 30_000,
    env: { PATH: [dir, '/usr/bin', '/bin'].join(delimiter), HOME: home, NO_COLOR: '1', ...extraEnv },
  });
}
function direct(args: string[]) {
  return spawnSync(process.execPath, [DIST, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 30_000, env: { HOME: home, NO_COLOR: '1' } });
}

test('kubectl plugin list shows kubectl-dns', { skip }, () => {
  const r = kubectl(['plugin', 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes(join(dir, 'kubectl-dns')), r.stdout);
  assert.ok(!r.stdout.includes('kubectl_complete-dns'), 'the completion helper is not a plugin');
});

test('kubectl dns --version and --help', { skip }, () => {
  const v = kubectl(['dns', '--version']);
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stdout.trim(), VERSION);
  const h = kubectl(['dns', '--help']);
  assert.equal(h.status, 0, h.stderr);
  assert.match(h.stdout, /Usage: kubectl dns/);
  for (const cmd of ['explain', 'records', 'lint-corefile', 'snapshot']) assert.match(h.stdout, new RegExp(`\\b${cmd}\\b`));
});

test('kubectl dns lint-corefile: output and exit codes pass through kubectl (CONTRACT: 0 clean, 1 errors, 2 unreadable)', { skip }, () => {
  const tmp = tempDir('kdns-lint-');
  const good = join(tmp, 'Corefile');
  const bad = join(tmp, 'Corefile.bad');
  writeFileSync(good, '.:53 {\n    errors\n    health\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n');
  writeFileSync(bad, '.:53 {\n    errors\n    proxy . 8.8.8.8\n}\n');
  for (const [file, code] of [
    [good, 0],
    [bad, 1],
    [join(tmp, 'missing'), 2],
  ] as const) {
    const viaKubectl = kubectl(['dns', 'lint-corefile', file, '-o', 'json']);
    const own = direct(['lint-corefile', file, '-o', 'json']);
    assert.equal(viaKubectl.status, code, `${file}: ${viaKubectl.stderr}`);
    assert.equal(viaKubectl.status, own.status);
    assert.equal(viaKubectl.stdout, own.stdout);
    if (code !== 2) {
      const out = JSON.parse(viaKubectl.stdout) as { source: string; summary: { errors: number } };
      assert.equal(out.source, file);
      assert.equal(out.summary.errors > 0, code === 1);
    } else {
      assert.match(viaKubectl.stderr, /^error: /);
    }
  }
});

test('kubectl dns records on a snapshot, -n and -o after the plugin name reach the plugin', { skip }, () => {
  const r = kubectl(['dns', 'records', '-n', 'shop', '--snapshot', 'test/fixtures/clusters/kubeadm.yaml', '-o', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { namespace: string; records: { name: string }[] };
  assert.equal(out.namespace, 'shop');
  assert.ok(out.records.length > 0 && out.records.every((x) => x.name.endsWith('.shop.svc.cluster.local.') || !x.name.includes('svc')));
});

test('kubectl global flags after `dns` are forwarded untouched: --kubeconfig and --context are ours to read', { skip }, () => {
  const kc = join(tempDir('kdns-kc-'), 'config');
  writeFileSync(
    kc,
    'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: real\n  context: {cluster: c, user: u}\ncurrent-context: real\n',
  );
  const r = kubectl(['dns', 'records', '--kubeconfig', kc, '--context', 'missing-ctx', '-n', 'default']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^error: .*missing-ctx/m, 'kubectl-dns itself reports the unknown context');
  // KUBECONFIG from the environment is passed through too
  const e = kubectl(['dns', 'records', '--context', 'other-ctx'], { KUBECONFIG: kc });
  assert.equal(e.status, 2);
  assert.match(e.stderr, /other-ctx/);
});

test("through kubectl, kubectl's argument habits (issue 16): global flags before the subcommand, -n=NS, TYPE/NAME in --from, -v=N, -f -", { skip }, () => {
  const snap = 'test/fixtures/clusters/kubeadm.yaml';
  const r = kubectl(['dns', '-n', 'shop', '--snapshot', snap, 'explain', 'db', '--from', 'sts/db', '-v=6', '-o', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^using pod shop\/db-0 of statefulset\/db /m);
  assert.equal((JSON.parse(r.stdout) as { from: string }).from, 'shop/db-0');
  const eq = kubectl(['dns', 'records', '-n=shop', `--snapshot=${snap}`, '-o=json']);
  assert.equal(eq.status, 0, eq.stderr);
  assert.equal((JSON.parse(eq.stdout) as { namespace: string }).namespace, 'shop');
  const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns}\ndata:\n  Corefile: |\n    .:53 {\n        proxy . 8.8.8.8\n    }\n';
  const lint = spawnSync(KUBECTL!, ['dns', 'lint-corefile', '-f', '-', '-o', 'json'], {
    encoding: 'utf8',
    cwd: ROOT,
    input: manifest,
    timeout: 30_000,
    env: { PATH: [dir, '/usr/bin', '/bin'].join(delimiter), HOME: home, NO_COLOR: '1' },
  });
  assert.equal(lint.status, 1, lint.stderr);
  assert.equal((JSON.parse(lint.stdout) as { source: string }).source, 'standard input (data.Corefile)');
});

test("through kubectl: records -o jsonpath/custom-columns/name/zone/wide and --no-headers (issue 16.2)", { skip }, () => {
  const base = ['dns', 'records', '-n', 'shop', '--service', 'db', '--snapshot', 'test/fixtures/clusters/kubeadm.yaml'];
  const json = JSON.parse(kubectl([...base, '-o', 'json']).stdout) as { records: { name: string; type: string; data: string }[] };
  const jp = kubectl([...base, '-o', 'jsonpath={range .records[*]}{.name}{" "}{.type}{"\\n"}{end}']);
  assert.equal(jp.status, 0, jp.stderr);
  assert.equal(jp.stdout, json.records.map((r) => `${r.name} ${r.type}\n`).join(''));
  const cc = kubectl([...base, '-o', 'custom-columns=NAME:.name,TYPE:.type', '--no-headers']);
  assert.deepEqual(cc.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)), json.records.map((r) => [r.name, r.type]));
  const name = kubectl([...base, '-o', 'name']);
  assert.deepEqual(name.stdout.trimEnd().split('\n'), [...new Set(json.records.map((r) => r.name))]);
  const zone = kubectl([...base, '-o', 'zone']);
  assert.deepEqual(zone.stdout.split('\n').filter((l) => l && !l.startsWith(';')).map((l) => l.split('\t')[3]), json.records.map((r) => r.type));
  const wide = kubectl([...base, '-o', 'wide']);
  assert.match(wide.stdout, /^NAME\s+TYPE\s+TTL\s+DATA\s+SOURCE$/m);
});

test('through kubectl on a real 80-column pseudo-terminal (script): records -A is one table that fits (issue 16.3)', { skip: skip ?? (existsSync('/usr/bin/script') ? undefined : 'script(1) is not installed') }, () => {
  const cmd = `stty cols 80 rows 50; kubectl dns records -A --snapshot test/fixtures/clusters/kubeadm.yaml`;
  const r = spawnSync('/usr/bin/script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 30_000,
    env: { PATH: [dir, '/usr/bin', '/bin'].join(delimiter), HOME: home, NO_COLOR: '1', TERM: 'dumb' },
  });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.replaceAll('\r', '').trimEnd().split('\n');
  assert.match(lines[0]!, /^NAMESPACE\s+NAME\s+TYPE\s+TTL\s+DATA$/);
  for (const l of lines) assert.ok([...l].length <= 80, `${[...l].length} columns: ${l}`);
  assert.ok(lines.some((l) => l.includes('…')), 'long names are cut');
  assert.ok(!r.stdout.includes('\u001b['), 'TERM=dumb and NO_COLOR: no escape sequence');
});

test('through kubectl: kubectl dns version -o json (CONTRACT.md) and kubectl dns help records', { skip }, () => {
  const v = kubectl(['dns', 'version', '--snapshot', 'test/fixtures/clusters/kubeadm.yaml', '-o', 'json']);
  assert.equal(v.status, 0, v.stderr);
  const doc = JSON.parse(v.stdout) as { client: { version: string; node: string }; coredns?: { image: string } };
  assert.equal(doc.client.version, VERSION);
  assert.match(doc.client.node, /^v\d+\./);
  assert.equal(doc.coredns?.image, 'registry.k8s.io/coredns/coredns:v1.11.3');
  const h = kubectl(['dns', 'help', 'records']);
  assert.equal(h.status, 0, h.stderr);
  assert.match(h.stdout, /^Usage: kubectl dns records /m);
});

test('kubectl refuses global flags placed before the plugin name (kubectl 1.32 HandlePluginCommand)', { skip }, () => {
  const r = kubectl(['--context', 'foo', 'dns', '--version']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /flags cannot be placed before plugin name: --context/);
});

test('kubectl __complete dns ... runs kubectl_complete-dns (plugin completion)', { skip }, () => {
  const cmds = kubectl(['__complete', 'dns', 'exp']);
  assert.equal(cmds.status, 0, cmds.stderr);
  const lines = cmds.stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split('\t')[0]), ['explain', ':4']);
  const all = kubectl(['__complete', 'dns', '']);
  for (const c of ['explain', 'records', 'lint-corefile', 'snapshot']) assert.match(all.stdout, new RegExp(`^${c}\\t`, 'm'));
  const out = kubectl(['__complete', 'dns', 'records', '-o', '']);
  assert.deepEqual(out.stdout.trim().split('\n'), ['text', 'json', 'yaml', 'wide', 'name', 'zone', ':4']);
  // no kubeconfig in this HOME: namespace completion gives nothing, quickly, and prints no error
  const t0 = Date.now();
  const ns = kubectl(['__complete', 'dns', 'records', '-n', '']);
  assert.equal(ns.stdout.trim(), ':4');
  assert.ok(Date.now() - t0 < 5000);
});

// ---- Live, through kubectl: the fake API server (REST, exec) and a real nsd, as in explain-live ----
// The fake API server lives in this process, so kubectl is spawned asynchronously here.

function kubectlAsync(args: string[], extraEnv: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL!,
      args,
      { cwd: ROOT, timeout: 60_000, env: { PATH: [dir, '/usr/bin', '/bin'].join(delimiter), HOME: home, NO_COLOR: '1', ...extraEnv } },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : -1) : 0;
        resolve({ status: code, stdout, stderr });
      },
    );
  });
}

test('through kubectl, live: --context picks the fake cluster, -n its namespace; explain runs dig in the pod, records and lint-corefile read the API', { skip }, async (t) => {
  const dns: DnsServerHandle = await startDnsServer({ zones: FIXTURE_ZONES });
  const cluster = fixtureCluster('kubeadm');
  cluster.files = {
    'default/client': {
      '/etc/resolv.conf': 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
      '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.2.9\tclient\n',
    },
  };
  const api: FakeApiServer = await startFakeApiServer(cluster);
  try {
    // "Inside the pod" dig is the real dig, sent to the loopback nsd instead of 10.96.0.10.
    api.switches.exec.handler = (_pod: string, argv: string[]): Promise<ExecScript> | undefined => {
      if (argv[0] !== 'dig') return undefined;
      const args = ['-p', String(dns.port), ...argv.slice(1).map((a) => (a === '@10.96.0.10' ? `@${dns.host}` : a))];
      return new Promise((resolve) => {
        execFile('dig', args, { timeout: 20_000 }, (error, stdout, stderr) => {
          resolve({ stdout, stderr, exitCode: error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 0 });
        });
      });
    };
    // The current context points nowhere: only --context fake reaches the fake API server.
    const kc = join(tempDir('kdns-kc-'), 'config');
    writeFileSync(
      kc,
      kubeconfigText({
        clusters: [
          { name: 'fake-cluster', server: api.url },
          { name: 'nowhere', server: 'https://127.0.0.1:1' },
        ],
        users: [{ name: 'fake-user', token: api.token }],
        contexts: [
          { name: 'fake', cluster: 'fake-cluster', user: 'fake-user', namespace: 'default' },
          { name: 'broken', cluster: 'nowhere', user: 'fake-user' },
        ],
        currentContext: 'broken',
      }),
    );

    await t.test('explain web.shop --from client --context fake', async () => {
      const r = await kubectlAsync(['dns', 'explain', 'web.shop', '--from', 'client', '--context', 'fake', '-o', 'json', '--query-timeout', '1s'], { KUBECONFIG: kc });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { resolved: boolean; answer: { addresses: string[] }; queriedVia: { kind: string }; queries: { fqdn: string; type: string; observed: string }[] };
      assert.equal(out.resolved, true);
      assert.deepEqual(out.answer.addresses, ['10.96.12.7']);
      assert.equal(out.queriedVia.kind, 'pod-exec');
      // getaddrinfo's pair per name (A, then AAAA); the Service is IPv4-only.
      assert.deepEqual(out.queries.map((q) => [q.fqdn, q.type, q.observed]), [
        ['web.shop.default.svc.cluster.local.', 'A', 'NXDOMAIN'],
        ['web.shop.default.svc.cluster.local.', 'AAAA', 'NXDOMAIN'],
        ['web.shop.svc.cluster.local.', 'A', 'NOERROR'],
        ['web.shop.svc.cluster.local.', 'AAAA', 'NODATA'],
      ]);
    });

    await t.test('explain web (wrong namespace) exits 1 through kubectl with the root cause', async () => {
      const r = await kubectlAsync(['dns', 'explain', 'web', '--from', 'default/client', '--kubeconfig', kc, '--context', 'fake']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /\[name-in-other-namespace\]/);
      assert.match(r.stdout, /web\.shop/);
    });

    await t.test('records -n shop --context fake', async () => {
      const r = await kubectlAsync(['dns', 'records', '-n', 'shop', '--context', 'fake', '-o', 'json'], { KUBECONFIG: kc });
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { namespace: string; records: { name: string; type: string; data: string }[] };
      assert.equal(out.namespace, 'shop');
      assert.ok(out.records.some((x) => x.name === 'web.shop.svc.cluster.local.' && x.type === 'A' && x.data === '10.96.12.7'));
    });

    await t.test('lint-corefile with no file reads kube-system/coredns from the cluster', async () => {
      const r = await kubectlAsync(['dns', 'lint-corefile', '--context', 'fake', '-o', 'json'], { KUBECONFIG: kc });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      const out = JSON.parse(r.stdout) as { source: string };
      assert.match(out.source, /configmap kube-system\/coredns/);
      // -n names the ConfigMap's namespace; this cluster has no CoreDNS in openshift-dns
      const ns = await kubectlAsync(['dns', 'lint-corefile', '--context', 'fake', '-n', 'openshift-dns'], { KUBECONFIG: kc });
      assert.equal(ns.status, 2);
      assert.equal(ns.stderr, 'error: no CoreDNS Corefile found (looked for ConfigMap openshift-dns/dns-default with a Corefile key)\n');
    });

    await t.test('the current context (unreachable) gives one clear line and exit 2', async () => {
      const r = await kubectlAsync(['dns', 'records', '-n', 'shop', '--request-timeout', '2s'], { KUBECONFIG: kc });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^error: /);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    });

    // exec and port-forward are WebSocket upgrades of GET requests
    const writes = api.log.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path}`);
    assert.deepEqual(writes, [], 'read-only: no write request reached the API server');
  } finally {
    await api.close();
    await dns.stop();
  }
});
