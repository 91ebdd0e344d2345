/**
 * lint-corefile through the built binary (run `npm run build` first): exit codes, the JSON
 * contract, one-line errors on unreadable input, the distributions' defaults with no errors,
 * golden text output, and no @kubernetes/client-node when linting a file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../harness/temp.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'dist/bin/kubectl-dns.js');
const fixtures = join(root, 'test/fixtures/corefiles');
const golden = join(root, 'test/golden/lint-corefile');

function run(args: string[], opts: { input?: string; nodeArgs?: string[]; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), bin, ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, NO_COLOR: '1', KUBECONFIG: '/nonexistent/kubeconfig' },
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Doc {
  source: string;
  findings: { rule: string; severity: string; line: number; column: number; message: string; hint?: string }[];
  summary: { errors: number; warnings: number; infos: number };
}

test('built binary exists (npm run build)', () => {
  assert.ok(existsSync(bin), `${bin} missing: run npm run build`);
});

const distDir = join(fixtures, 'distributions');
for (const name of readdirSync(distDir).sort()) {
  test(`distribution default ${name} lints with zero errors`, () => {
    const path = join(distDir, name);
    const args = name.endsWith('.yaml') ? ['-f', path] : [path];
    const r = run(['lint-corefile', ...args, '-o', 'json']);
    const doc = JSON.parse(r.stdout) as Doc;
    assert.deepEqual(doc.findings.filter((f) => f.severity === 'error'), []);
    assert.equal(r.code, 0, r.stderr);
  });
}

test('JSON output follows CONTRACT.md', () => {
  const r = run(['lint-corefile', '-', '-o', 'json'], { input: '.:53 {\n    errors\n    kubernets cluster.local\n    forward . 8.8.8.8\n    cache 30\n}\n' });
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as Doc;
  assert.deepEqual(Object.keys(doc), ['source', 'findings', 'summary']);
  assert.equal(doc.source, '-');
  const f = doc.findings.find((x) => x.rule === 'unknown-plugin');
  assert.ok(f);
  // CONTRACT.md's fields plus `docs` (the id's page; CONTRACT: findings carry their docs URL).
  assert.deepEqual(Object.keys(f).sort(), ['column', 'docs', 'hint', 'line', 'message', 'rule', 'severity']);
  assert.match((f as unknown as { docs: string }).docs, /\/docs\/rules\/unknown-plugin\.md$/);
  assert.equal(f.line, 3);
  assert.equal(f.column, 5);
  assert.equal(doc.summary.errors, doc.findings.filter((x) => x.severity === 'error').length);
});

test('yaml output carries the same object', () => {
  const r = run(['lint-corefile', join(distDir, 'eks.Corefile'), '-o', 'yaml']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^source: .*eks\.Corefile\nfindings:/);
  assert.match(r.stdout, /summary:\n {2}errors: 0\n/);
});

test('--strict exits 1 on warnings; without it warnings exit 0', () => {
  const text = '.:53 {\n    errors\n    kubernetes cluster.local\n    forward . 8.8.8.8\n    reload\n}\n'; // no-cache: warning
  assert.equal(run(['lint-corefile', '-'], { input: text }).code, 0);
  assert.equal(run(['lint-corefile', '-', '--strict'], { input: text }).code, 1);
});

test('--coredns-version decides removals; a bad version is a usage error', () => {
  const text = '.:53 {\n    errors\n    kubernetes cluster.local\n    proxy . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n';
  assert.equal(run(['lint-corefile', '-', '--coredns-version', '1.3.1'], { input: text }).code, 0);
  assert.equal(run(['lint-corefile', '-', '--coredns-version', '1.8.0'], { input: text }).code, 1);
  const bad = run(['lint-corefile', '-', '--coredns-version', 'latest'], { input: text });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: invalid --coredns-version "latest"/);
});

test('--cluster-domain feeds kubernetes-zone-mismatch', () => {
  const r = run(['lint-corefile', join(distDir, 'eks.Corefile'), '--cluster-domain', 'k8s.example.com', '-o', 'json']);
  assert.equal(r.code, 1);
  assert.ok((JSON.parse(r.stdout) as Doc).findings.some((f) => f.rule === 'kubernetes-zone-mismatch'));
});

function oneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

test('unreadable input: one line and exit 2', () => {
  const dir = tempDir('lint-');
  oneLineError(run(['lint-corefile', join(dir, 'nope')]), /^error: .*nope: no such file/);
  oneLineError(run(['lint-corefile', dir]), /^error: .* is a directory/);
  const junk = join(dir, 'junk');
  writeFileSync(junk, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe, 0x00, 0x10]));
  oneLineError(run(['lint-corefile', junk]), /^error: .* is not a text file/);
  const latin1 = join(dir, 'latin1');
  writeFileSync(latin1, Buffer.from('.:53 { # caf\xe9\n}\n', 'latin1'));
  oneLineError(run(['lint-corefile', latin1]), /^error: .* is not UTF-8 text/);
  const notCm = join(dir, 'deploy.yaml');
  writeFileSync(notCm, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
  oneLineError(run(['lint-corefile', '-f', notCm]), /^error: .* holds no ConfigMap/);
  oneLineError(run(['lint-corefile', 'a', '-f', notCm]), /^error: give only one of/);
  rmSync(dir, { recursive: true, force: true });
});

test('input safety (issue 13 item 5): devices, FIFOs, /proc and oversize files, as FILE or imported, are refused with exit 2 and one line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lint-safe-'));
  try {
    const fifo = join(dir, 'fifo');
    const mk = spawnSync('mkfifo', [fifo]);
    oneLineError(run(['lint-corefile', '/dev/zero']), /^error: \/dev\/zero is under \/dev, not a Corefile/);
    oneLineError(run(['lint-corefile', '/proc/self/environ']), /^error: \/proc\/self\/environ is under \/proc/);
    if (mk.status === 0) oneLineError(run(['lint-corefile', fifo]), /is a FIFO, not a regular file/);
    const big = join(dir, 'big');
    writeFileSync(big, '#'.repeat(1024 * 1024 + 1));
    oneLineError(run(['lint-corefile', big]), /over the 1048576-byte limit/);
    const imports = (target: string): string => {
      const f = join(dir, `imp-${Math.random().toString(36).slice(2)}`);
      writeFileSync(f, `.:53 {\n    import ${target}\n    whoami\n}\n`);
      return f;
    };
    oneLineError(run(['lint-corefile', imports('/dev/zero')]), /^error: import \/dev\/zero is under \/dev/);
    oneLineError(run(['lint-corefile', imports('/proc/self/environ')]), /^error: import \/proc\/self\/environ is under \/proc/);
    oneLineError(run(['lint-corefile', imports(big)]), /^error: import .*big is .* over the 1048576-byte limit/);
    if (mk.status === 0) oneLineError(run(['lint-corefile', imports(fifo)]), /^error: import .*fifo is a FIFO/);
    oneLineError(run(['lint-corefile', imports(dir)]), /^error: import .* is a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const name of readdirSync(join(fixtures, 'broken')).filter((n) => n.endsWith('.Corefile')).sort()) {
  test(`broken input ${name}: findings or exit 2, never a crash`, () => {
    const r = run(['lint-corefile', join(fixtures, 'broken', name), '-o', 'json']);
    assert.ok(r.code === 0 || r.code === 1 || r.code === 2, `exit ${r.code}`);
    assert.doesNotMatch(r.stderr, /bug in kubectl-dns|at .*\.js:\d+/);
    if (r.code !== 2) JSON.parse(r.stdout);
  });
}

test('broken inputs are reported at their line', () => {
  const doc = (n: string) => JSON.parse(run(['lint-corefile', join(fixtures, 'broken', n), '-o', 'json']).stdout) as Doc;
  assert.ok(doc('unbalanced-braces.Corefile').findings.some((f) => f.severity === 'error'));
  assert.ok(doc('unterminated-quote.Corefile').findings.some((f) => f.severity === 'error' && f.line === 3));
  assert.ok(doc('missing-import.Corefile').findings.some((f) => f.line === 3));
  assert.ok(doc('import-cycle.Corefile').findings.some((f) => f.severity === 'error'));
});

test('binary junk on stdin and a Corefile at the size limit finish without a crash; 10 MB is refused', () => {
  const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  const r1 = run(['lint-corefile', '-', '-o', 'json'], { input: junk });
  assert.ok(r1.code === 1 || r1.code === 2, `exit ${r1.code}`);
  const block = 'example{n}.com:53 {\n    errors\n    cache 30\n    forward . 10.0.0.2 10.0.0.3\n}\n';
  let big = '';
  for (let i = 0; big.length < 1024 * 1024 - 200; i++) big += block.replace('{n}', String(i));
  const dir = tempDir('lint-big-');
  writeFileSync(join(dir, 'Corefile'), big);
  const start = Date.now();
  const r2 = run(['lint-corefile', join(dir, 'Corefile'), '-o', 'json']);
  assert.ok(r2.code === 0 || r2.code === 1, r2.stderr);
  assert.ok(Date.now() - start < 60_000);
  writeFileSync(join(dir, 'Huge'), big.repeat(10));
  oneLineError(run(['lint-corefile', join(dir, 'Huge')]), /over the 1048576-byte limit/);
});

test('linting a file never loads @kubernetes/client-node', () => {
  const dir = tempDir('lint-hook-');
  const hook = join(dir, 'hook.mjs');
  writeFileSync(
    hook,
    "import { registerHooks } from 'node:module';\n" +
      "const say = () => process.stderr.write('LOADED client-node\\n');\n" +
      'registerHooks({\n' +
      "  resolve(spec, ctx, next) { if (spec.includes('@kubernetes/client-node')) say(); return next(spec, ctx); },\n" +
      // dist/bin is an esbuild bundle: client-node is a chunk of it, recognised by its source.
      "  load(url, ctx, next) { const r = next(url, ctx); if (r.source && /class KubeConfig\\b|KubeConfig=class\\b/.test(String(r.source))) say(); return r; },\n" +
      '});\n',
  );
  const r = run(['lint-corefile', join(distDir, 'eks.Corefile')], { nodeArgs: ['--import', hook] });
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.stderr, /LOADED client-node/);
  // the hook does work: the live path (no argument) reaches the cluster layer
  const live = run(['lint-corefile'], { nodeArgs: ['--import', hook] });
  assert.equal(live.code, 2);
  assert.match(live.stderr, /LOADED client-node/);
});

const GOLDEN_CASES: Record<string, { args: string[]; input?: string }> = {
  'typo-and-missing-loop': {
    args: ['lint-corefile', '-'],
    input: '.:53 {\n    errors\n    kubernets cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    reload\n}\n',
  },
  'old-kubeadm-on-new-coredns': {
    args: ['lint-corefile', '-', '--coredns-version', '1.8.6'],
    input:
      '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       upstream\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    prometheus :9153\n    proxy . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
  },
  'clean-kubeadm': { args: ['lint-corefile', 'test/fixtures/corefiles/distributions/kubeadm-current.Corefile'] },
};

for (const [name, c] of Object.entries(GOLDEN_CASES)) {
  test(`golden text: ${name}`, () => {
    const r = run(c.args, c.input !== undefined ? { input: c.input } : {});
    const file = join(golden, `${name}.txt`);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(file, r.stdout);
    assert.equal(r.stdout, readFileSync(file, 'utf8'));
  });
}
