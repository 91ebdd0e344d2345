import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { archiveName, completionLauncher, sha256, tarGz } from '../../scripts/package.ts';
import { KREW_RULES, checkArchives, selectorMatches, tarGzNames, validateManifest, type Manifest } from '../../scripts/krew-validate.ts';
import { renderManifest, sha256File } from '../../scripts/release-manifest.ts';
import { tempDir } from '../harness/temp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TAG = `v${VERSION}`;
const TARGETS = ['linux', 'darwin', 'windows'].flatMap((os) => ['amd64', 'arm64'].map((arch) => ({ os, arch })));

/** Archives shaped as scripts/package.ts writes them, with a stand-in binary per platform. */
function fakeArchives(): string {
  const dir = tempDir('kdns-krew-');
  for (const t of TARGETS) {
    const exe = t.os === 'windows' ? 'kubectl-dns.exe' : 'kubectl-dns';
    const launcher = completionLauncher(t.os);
    const data = tarGz([
      { name: exe, data: Buffer.from(`binary for ${t.os}/${t.arch}`), mode: 0o755 },
      { name: launcher.name, data: Buffer.from(launcher.text), mode: 0o755 },
      { name: 'LICENSE', data: readFileSync(join(ROOT, 'LICENSE')), mode: 0o644 },
    ]);
    writeFileSync(join(dir, archiveName(VERSION, t)), data);
  }
  return dir;
}

function render(dir: string): Manifest {
  const r = renderManifest(readFileSync(join(ROOT, 'krew-manifest.yaml'), 'utf8'), {
    tag: TAG,
    repo: 'example/kubectl-dns',
    sha256Of: (f) => sha256File(join(dir, f)),
  });
  assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
  return yaml.load(r.text) as Manifest;
}

test('the rendered manifest passes every krew rule, warnings included', () => {
  const m = render(fakeArchives());
  assert.deepEqual(validateManifest(m, { fileName: 'dns.yaml' }), []);
  assert.equal(m.spec?.version, TAG);
  assert.match(m.spec?.caveats ?? '', /deploy\/rbac\.yaml/);
  assert.match(m.spec?.caveats ?? '', /pods\/exec/);
});

test('every platform: https uri under the release tag, sha256 of its archive, bin in files, LICENSE shipped', () => {
  const dir = fakeArchives();
  const m = render(dir);
  const platforms = m.spec?.platforms ?? [];
  assert.equal(platforms.length, TARGETS.length);
  for (const t of TARGETS) {
    const matching = platforms.filter((p) => p.selector && selectorMatches(p.selector, t.os, t.arch));
    assert.equal(matching.length, 1, `${t.os}/${t.arch}`);
    const p = matching[0]!;
    const file = archiveName(VERSION, t);
    assert.equal(p.uri, `https://github.com/example/kubectl-dns/releases/download/${TAG}/${file}`);
    assert.equal(p.sha256, sha256(readFileSync(join(dir, file))));
    assert.equal(p.bin, t.os === 'windows' ? 'kubectl-dns.exe' : 'kubectl-dns');
    assert.deepEqual(tarGzNames(readFileSync(join(dir, file))).sort(), (p.files ?? []).map((f) => f.from!).sort());
  }
  assert.deepEqual(checkArchives(m, dir), []);
});

test('a rebuilt archive no longer matches the rendered sha256', () => {
  const dir = fakeArchives();
  const m = render(dir);
  const t = TARGETS[0]!;
  writeFileSync(join(dir, archiveName(VERSION, t)), tarGz([{ name: 'kubectl-dns', data: Buffer.from('other'), mode: 0o755 }]));
  const problems = checkArchives(m, dir).map((p) => p.rule);
  assert.ok(problems.includes('sha256-matches'));
  assert.ok(problems.includes('files-in-archive'));
  assert.ok(problems.includes('license-in-archive'));
});

test('rendering fails when an archive was not built, and on unknown template expressions', () => {
  const r = renderManifest(readFileSync(join(ROOT, 'krew-manifest.yaml'), 'utf8'), { tag: TAG, repo: 'a/b', sha256Of: () => undefined });
  assert.equal(r.ok, false);
  assert.equal(r.ok ? 0 : r.errors.length, TARGETS.length);
  const bad = renderManifest('spec:\n  version: {{ .Version }}\n', { tag: TAG, repo: 'a/b', sha256Of: () => 'x' });
  assert.deepEqual(bad.ok ? [] : bad.errors, ['unknown template expression {{ .Version }}']);
});

test('tarGz is deterministic: same files, same sha256', () => {
  const files = () => [{ name: 'a', data: Buffer.from('x'.repeat(700)), mode: 0o755 }];
  assert.equal(sha256(tarGz(files())), sha256(tarGz(files())));
  assert.deepEqual(tarGzNames(tarGz(files())), ['a']);
});

test('tarGz writes archives that GNU tar reads', () => {
  const dir = tempDir('kdns-tar-');
  writeFileSync(join(dir, 'a.tar.gz'), tarGz([
    { name: 'kubectl-dns', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
    { name: 'LICENSE', data: Buffer.alloc(1025, 65), mode: 0o644 },
  ]));
  const r = spawnSync('tar', ['-tvzf', join(dir, 'a.tar.gz')], { encoding: 'utf8' });
  if (r.error) return; // no tar on this machine: the pure reader above covers the format
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /-rwxr-xr-x .* 10 .*kubectl-dns/);
  assert.match(r.stdout, /-rw-r--r-- .* 1025 .*LICENSE/);
});

/** A valid manifest, then one broken field per krew rule: each rule must fire on its own case. */
function validManifest(): Manifest {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'dns' },
    spec: {
      version: 'v0.1.0',
      homepage: 'https://github.com/example/kubectl-dns',
      shortDescription: 'Explain why a name does or does not resolve',
      description: 'Explains DNS.\n',
      caveats: 'Needs RBAC.\n',
      platforms: [
        {
          selector: { matchLabels: { os: 'linux', arch: 'amd64' } },
          uri: 'https://github.com/example/kubectl-dns/releases/download/v0.1.0/a.tar.gz',
          sha256: 'a'.repeat(64),
          files: [{ from: 'kubectl-dns', to: '.' }, { from: 'LICENSE', to: '.' }],
          bin: 'kubectl-dns',
        },
      ],
    },
  };
}

const broken: { rule: string; edit: (m: Manifest) => void; fileName?: string }[] = [
  { rule: 'api-version', edit: (m) => void (m.apiVersion = 'krew.googlecontainertools.github.com/v1alpha1') },
  { rule: 'kind', edit: (m) => void (m.kind = 'Plugins') },
  { rule: 'safe-name', edit: (m) => void (m.metadata = { name: 'dns lookup' }) },
  { rule: 'safe-name', edit: (m) => void (m.metadata = { name: 'con' }) },
  { rule: 'file-name', edit: () => {}, fileName: 'kubectl-dns.yaml' },
  { rule: 'file-name', edit: () => {}, fileName: 'dns.yml' },
  { rule: 'short-description', edit: (m) => void (m.spec!.shortDescription = '') },
  { rule: 'short-description-one-line', edit: (m) => void (m.spec!.shortDescription = 'Explain DNS\nin the cluster') },
  { rule: 'platforms-present', edit: (m) => void (m.spec!.platforms = []) },
  { rule: 'version-present', edit: (m) => void delete m.spec!.version },
  { rule: 'version-semver', edit: (m) => void (m.spec!.version = '0.1.0') },
  { rule: 'version-semver', edit: (m) => void (m.spec!.version = 'v0.1') },
  { rule: 'uri-present', edit: (m) => void delete m.spec!.platforms![0]!.uri },
  { rule: 'uri-https', edit: (m) => void (m.spec!.platforms![0]!.uri = 'http://example.com/a.tar.gz') },
  { rule: 'sha256-present', edit: (m) => void delete m.spec!.platforms![0]!.sha256 },
  { rule: 'sha256-format', edit: (m) => void (m.spec!.platforms![0]!.sha256 = 'A'.repeat(64)) },
  { rule: 'bin-present', edit: (m) => void delete m.spec!.platforms![0]!.bin },
  { rule: 'files-valid', edit: (m) => void (m.spec!.platforms![0]!.files = []) },
  { rule: 'files-valid', edit: (m) => void (m.spec!.platforms![0]!.files = [{ from: 'kubectl-dns' }]) },
  { rule: 'bin-in-files', edit: (m) => void (m.spec!.platforms![0]!.bin = 'kubectl-dns.exe') },
  { rule: 'selector-valid', edit: (m) => void delete m.spec!.platforms![0]!.selector },
  { rule: 'selector-valid', edit: (m) => void (m.spec!.platforms![0]!.selector = { matchLabels: { os: 'linux', distro: 'debian' } }) },
  { rule: 'selector-valid', edit: (m) => void (m.spec!.platforms![0]!.selector = { matchLabels: {}, matchExpressions: [{ key: 'os', operator: 'In', values: ['linux'] }] }) },
  { rule: 'platform-supported', edit: (m) => void (m.spec!.platforms![0]!.selector = { matchLabels: { os: 'plan9', arch: 'amd64' } }) },
  {
    rule: 'no-overlapping-platforms',
    edit: (m) => {
      const p = m.spec!.platforms![0]!;
      m.spec!.platforms!.push({ ...p, selector: { matchExpressions: [{ key: 'os', operator: 'In', values: ['linux', 'darwin'] }] } });
    },
  },
  { rule: 'homepage-https', edit: (m) => void (m.spec!.homepage = 'http://example.com') },
  { rule: 'description-line-length', edit: (m) => void (m.spec!.description = 'word '.repeat(20)) },
  { rule: 'short-description-length', edit: (m) => void (m.spec!.shortDescription = 'word '.repeat(15)) },
  { rule: 'caveats-line-length', edit: (m) => void (m.spec!.caveats = 'word '.repeat(20)) },
];

test('the valid example manifest has no problems', () => {
  assert.deepEqual(validateManifest(validManifest(), { fileName: 'dns.yaml' }), []);
  // a long single word (a URL) is allowed, as in validate-krew-manifest
  const m = validManifest();
  m.spec!.caveats = `  https://example.com/${'x'.repeat(100)}\n`;
  assert.deepEqual(validateManifest(m), []);
});

for (const c of broken) {
  test(`krew rule ${c.rule} fires: ${c.edit.toString().slice(0, 90)}`, () => {
    const m = validManifest();
    c.edit(m);
    const problems = validateManifest(m, { fileName: c.fileName ?? 'dns.yaml' });
    // krew stops at its first error: the broken field must be what is reported first
    assert.equal(problems[0]?.rule, c.rule, JSON.stringify(problems));
  });
}

test('every krew rule has a failing case above', () => {
  const covered = new Set(broken.map((b) => b.rule));
  assert.deepEqual(KREW_RULES.map((r) => r.id).filter((id) => !covered.has(id)), []);
});

test('a manifest that is not a mapping is one problem, not a crash', () => {
  for (const doc of [null, 'text', 42, []]) assert.equal(validateManifest(doc)[0]?.rule, 'yaml-mapping');
});

test('release-manifest CLI renders from built archives and refuses a tag that is not the package version', () => {
  const dir = fakeArchives();
  const node = process.execPath;
  const ok = spawnSync(node, [join(ROOT, 'scripts/release-manifest.ts'), '--tag', TAG, '--archives', dir, '--repo', 'example/kubectl-dns'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const m = yaml.load(readFileSync(join(dir, 'dns.yaml'), 'utf8')) as Manifest;
  assert.deepEqual(checkArchives(m, dir), []);
  const v = spawnSync(node, [join(ROOT, 'scripts/krew-validate.ts'), join(dir, 'dns.yaml'), '--archives', dir], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  const bad = spawnSync(node, [join(ROOT, 'scripts/release-manifest.ts'), '--tag', 'v9.9.9', '--archives', dir], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /does not match package.json/);
});
