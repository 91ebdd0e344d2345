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
