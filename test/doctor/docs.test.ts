import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { CHECKS } from '../../src/doctor/checks/index.ts';
import { checkDocPages } from '../../src/render/doctor-docs.ts';
import { docsUrl } from '../../src/doctor/check.ts';

const ROOT = new URL('../../', import.meta.url);
const dir = new URL('docs/doctor/', ROOT);

test('docs/doctor is generated from the checks and up to date (node scripts/gen-docs.ts)', () => {
  const pages = checkDocPages(CHECKS);
  for (const [name, text] of Object.entries(pages)) {
    const url = new URL(name, dir);
    assert.ok(existsSync(url), `docs/doctor/${name} missing: run node scripts/gen-docs.ts`);
    assert.equal(readFileSync(url, 'utf8'), text, `docs/doctor/${name} is stale: run node scripts/gen-docs.ts`);
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.md') && !(f in pages)), [], 'pages without a check');
});

test('every check: a unique kebab-case id = its file name, a test file, sources, and a docs URL ending in its page', () => {
  const ids = CHECKS.map((c) => c.meta.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  for (const c of CHECKS) {
    const id = c.meta.id;
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(existsSync(new URL(`src/doctor/checks/${id}.ts`, ROOT)), `src/doctor/checks/${id}.ts`);
    assert.ok(existsSync(new URL(`test/doctor/checks/${id}.test.ts`, ROOT)), `test/doctor/checks/${id}.test.ts`);
    assert.ok(c.meta.docs.sources.length > 0, `${id}: no sources`);
    assert.ok(c.meta.title && c.meta.hint && c.meta.docs.summary && c.meta.docs.example, `${id}: empty metadata`);
    assert.ok(docsUrl(id).endsWith(`/docs/doctor/${id}.md`));
  }
  const files = readdirSync(new URL('src/doctor/checks/', ROOT)).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  assert.deepEqual(files.map((f) => f.replace(/\.ts$/, '')).sort(), [...ids].sort(), 'a check file not in the registry');
});
