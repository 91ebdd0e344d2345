import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { RULES } from '../../src/lint/rules/index.ts';
import { ruleDocPages } from '../../src/render/lint-docs.ts';

const dir = new URL('../../docs/rules/', import.meta.url);

test('docs/rules is generated from the rules and up to date (node scripts/gen-docs.ts)', () => {
  const pages = ruleDocPages(Object.values(RULES));
  for (const [name, text] of Object.entries(pages)) {
    const url = new URL(name, dir);
    assert.ok(existsSync(url), `docs/rules/${name} missing: run node scripts/gen-docs.ts`);
    assert.equal(readFileSync(url, 'utf8'), text, `docs/rules/${name} is stale: run node scripts/gen-docs.ts`);
  }
  const extra = readdirSync(dir).filter((f) => f.endsWith('.md') && !(f in pages));
  assert.deepEqual(extra, [], 'pages without a rule');
});

test('every id a lint run can report has a page, and -o json findings carry its URL', async () => {
  const { readdirSync: ls, readFileSync: read, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const { parseCorefile } = await import('../../src/corefile/parser.ts');
  const { lintCorefile } = await import('../../src/lint/linter.ts');
  const { memoryReader } = await import('../../src/lint/inputs.ts');
  const { toLintResultDoc } = await import('../../src/render/lint-json.ts');
  const { lintDocsUrl } = await import('../../src/lint/docs-url.ts');
  const root = fileURLToPath(new URL('../fixtures/corefiles/', import.meta.url));
  const walk = (d: string): string[] => ls(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : n.endsWith('.Corefile') ? [join(d, n)] : []));
  const seen = new Set<string>();
  for (const p of walk(root)) {
    const findings = lintCorefile(parseCorefile(read(p, 'utf8'), { source: p, baseDir: '/etc/coredns', reader: memoryReader({}) }));
    for (const f of toLintResultDoc(p, findings).findings) {
      seen.add(f.rule);
      assert.equal(f.docs, lintDocsUrl(f.rule), `${p}: ${f.rule} carries its docs URL`);
      assert.ok(existsSync(new URL(`${f.rule}.md`, dir)), `docs/rules/${f.rule}.md exists`);
    }
  }
  assert.ok(seen.size >= 20, `the corpus exercises ${seen.size} ids`);
});
