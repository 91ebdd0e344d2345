// Builds the standalone binary once (about 25 s) with scripts/package.ts and runs it with no Node
// on PATH, as a krew user without Node would. Skipped only when the SEA tooling is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tarGzNames } from '../../scripts/krew-validate.ts';
import { archiveName, binaryName, currentTarget, sha256 } from '../../scripts/package.ts';
import { VERSION } from '../../src/cli/version.ts';
import { tempDir } from '../harness/temp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function seaTooling(): string | undefined {
  if (!existsSync(join(ROOT, 'node_modules/postject'))) return 'postject is not installed';
  if (!existsSync(join(ROOT, 'node_modules/esbuild'))) return 'esbuild is not installed';
  const help = spawnSync(process.execPath, ['--help'], { encoding: 'utf8' }).stdout;
  if (!help.includes('--experimental-sea-config')) return `node ${process.version} cannot build single executable applications`;
  if (process.platform !== 'linux') return 'the smoke test runs on linux (other platforms: the release workflow)';
  return undefined;
}

const skip = seaTooling();

test('standalone binary: built, archived for krew, and runs without Node', { skip, timeout: 300_000 }, async (t) => {
  const out = tempDir('kdns-sea-');
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/package.ts'), '--out', out], { encoding: 'utf8', cwd: ROOT });
  assert.equal(build.status, 0, build.stderr);
  const artefacts = build.stdout.trim().split('\n').map((l) => JSON.parse(l) as { artefact: string; path: string; bytes: number; sha256?: string });
  const target = currentTarget();
  const bin = join(out, binaryName(target));
  const archive = join(out, archiveName(VERSION, target));
  assert.deepEqual(artefacts.map((a) => a.artefact), ['bundle', 'binary', 'archive']);
  t.diagnostic(artefacts.map((a) => `${a.artefact} ${(a.bytes / 1e6).toFixed(1)} MB`).join(', '));

  // no node anywhere on PATH: an empty directory is all there is
  const emptyPath = tempDir('kdns-nopath-');
  const run = (args: string[], exe = bin) =>
    spawnSync(exe, args, { encoding: 'utf8', cwd: ROOT, timeout: 30_000, env: { PATH: emptyPath, HOME: emptyPath, NO_COLOR: '1' } });
  assert.notEqual(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: { PATH: emptyPath } }).status, 0);

  await t.test('--version and --help', () => {
    const v = run(['--version']);
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout.trim(), VERSION);
    const h = run(['--help']);
    assert.equal(h.status, 0, h.stderr);
    assert.match(h.stdout, /Usage: kubectl dns/);
  });

  await t.test('lint-corefile FILE: exit codes per CONTRACT.md (0 clean, 1 errors, 2 unreadable)', () => {
    const tmp = tempDir('kdns-sea-lint-');
    writeFileSync(join(tmp, 'good'), '.:53 {\n    errors\n    health\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n');
    writeFileSync(join(tmp, 'bad'), '.:53 {\n    errors\n    proxy . 8.8.8.8\n}\n');
    const good = run(['lint-corefile', join(tmp, 'good'), '-o', 'json']);
    assert.equal(good.status, 0, good.stderr);
    assert.equal((JSON.parse(good.stdout) as { summary: { errors: number } }).summary.errors, 0);
    const bad = run(['lint-corefile', join(tmp, 'bad'), '-o', 'json']);
    assert.equal(bad.status, 1, bad.stderr);
    const findings = (JSON.parse(bad.stdout) as { findings: { severity: string; line: number }[] }).findings;
    assert.ok(findings.some((f) => f.severity === 'error' && f.line === 3));
    const missing = run(['lint-corefile', join(tmp, 'missing')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^error: /);
  });

  await t.test('records --snapshot reads a kubectl-shaped List', () => {
    const r = run(['records', '-n', 'shop', '--snapshot', 'test/fixtures/clusters/kubeadm.yaml', '-o', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { namespace: string }).namespace, 'shop');
  });

  const snapshot = join(ROOT, 'examples/snapshot.yaml');
  await t.test('explain --snapshot examples/snapshot.yaml', { skip: existsSync(snapshot) ? undefined : 'examples/snapshot.yaml is not there yet' }, () => {
    const r = run(['explain', 'kubernetes.default', '--from', 'default/client', '--snapshot', snapshot, '-o', 'json']);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { name: string; resolved: boolean; queries: unknown[] };
    assert.equal(out.name, 'kubernetes.default');
    assert.equal(r.status, out.resolved ? 0 : 1);
    assert.ok(out.queries.length > 0);
  });

  await t.test('completion: `kubectl-dns __complete` and the binary called as kubectl_complete-dns', () => {
    const c = run(['__complete', 'records', '--out']);
    assert.equal(c.status, 0);
    assert.match(c.stdout, /^--output\t.*\n:4\n$/);
    const o = run(['__complete', 'records', '-o', '']);
    assert.equal(o.stdout, 'text\njson\nyaml\nwide\nname\nzone\n:4\n');
    const link = join(tempDir('kdns-link-'), 'kubectl_complete-dns');
    symlinkSync(bin, link);
    const l = run(['exp'], link);
    assert.match(l.stdout, /^explain\t.*\n:4\n$/);
    assert.equal(l.stderr, '');
  });

  await t.test('the krew archive holds kubectl-dns, kubectl_complete-dns and LICENSE; its sha256 file matches', () => {
    const data = readFileSync(archive);
    assert.deepEqual(tarGzNames(data).sort(), ['LICENSE', 'kubectl-dns', 'kubectl_complete-dns']);
    assert.equal(readFileSync(archive + '.sha256', 'utf8'), `${sha256(data)}  ${archiveName(VERSION, target)}\n`);
    assert.equal(artefacts[2]?.sha256, sha256(data));
    // the launcher from the archive runs the binary next to it
    const dir = tempDir('kdns-untar-');
    assert.equal(spawnSync('tar', ['-xzf', archive, '-C', dir]).status, 0);
    const viaLauncher = spawnSync(join(dir, 'kubectl_complete-dns'), ['lint'], { encoding: 'utf8', env: { PATH: `${emptyPath}:/usr/bin:/bin` } });
    assert.match(viaLauncher.stdout, /^lint-corefile\t.*\n:4\n$/);
  });
});
