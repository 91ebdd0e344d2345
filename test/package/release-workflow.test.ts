import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { archiveName } from '../../scripts/package.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
type Step = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; if?: string };
type Job = { 'runs-on': string; needs?: string | string[]; steps: Step[]; strategy?: { matrix: { include: Record<string, string>[] } } };
type Workflow = { name: string; on: { push?: { tags?: string[] } }; jobs: Record<string, Job> };

const wf = yaml.load(readFileSync(`${ROOT}.github/workflows/release.yml`, 'utf8')) as Workflow;
const manifest = yaml.load(
  readFileSync(`${ROOT}krew-manifest.yaml`, 'utf8').replace(/^\s*\{\{ addURIAndSha.*$/gm, '').replace(/\{\{[^}]*\}\}/g, 'x'),
) as { spec: { platforms: { selector: { matchLabels: { os: string; arch: string } } }[] } };

test('the release workflow runs on version tags', () => {
  assert.deepEqual(wf.on.push?.tags, ['v*.*.*']);
});

test('every step of every job has exactly one of run or uses', () => {
  for (const [name, job] of Object.entries(wf.jobs)) {
    assert.ok(job['runs-on'], `${name} has runs-on`);
    assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `${name} has steps`);
    for (const [i, step] of job.steps.entries()) {
      assert.ok((step.run === undefined) !== (step.uses === undefined), `${name} step ${i} (${step.name ?? step.uses})`);
      if (step.uses) assert.match(step.uses, /^[\w.-]+\/[\w.-]+@v\d+$/, 'actions are pinned to a major version');
    }
  }
});

test('the build matrix covers every platform of the krew manifest, on native runners', () => {
  const matrix = wf.jobs['build']?.strategy?.matrix.include ?? [];
  const built = matrix.map((m) => `${m['os']}/${m['arch']}`).sort();
  const wanted = manifest.spec.platforms.map((p) => `${p.selector.matchLabels.os}/${p.selector.matchLabels.arch}`).sort();
  assert.deepEqual(built, wanted);
  assert.equal(new Set(matrix.map((m) => m['runner'])).size, matrix.length, 'one runner per target');
  for (const m of matrix) {
    const arm = m['arch'] === 'arm64';
    const runner = m['runner'] ?? '';
    assert.ok(arm ? /arm|macos-1[4-9]/.test(runner) : !/arm|macos-1[4-9]/.test(runner), `${runner} runs ${m['arch']}`);
  }
});

test('the build job packages with scripts/package.ts and uploads the archive names the manifest expects', () => {
  const build = wf.jobs['build']!;
  assert.ok(build.steps.some((s) => s.run?.includes('node scripts/package.ts')));
  const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  assert.match(String(upload?.with?.['path']), /out\/kubectl-dns_\*\.tar\.gz/);
  assert.match(archiveName('0.1.0', { os: 'linux', arch: 'amd64' }), /^kubectl-dns_v0\.1\.0_linux_amd64\.tar\.gz$/);
});

test('the release job renders the manifest from the downloaded archives, validates it, then publishes', () => {
  const rel = wf.jobs['release']!;
  assert.equal(rel.needs, 'build');
  const runs = rel.steps.map((s) => s.run ?? '');
  const render = runs.findIndex((r) => r.includes('scripts/release-manifest.ts'));
  const validate = runs.findIndex((r) => r.includes('scripts/krew-validate.ts'));
  const publish = runs.findIndex((r) => r.includes('gh release create'));
  assert.ok(render >= 0 && render < validate && validate < publish, `${render} < ${validate} < ${publish}`);
});
