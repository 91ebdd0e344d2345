import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { RULES } from '../../../src/lint/rules/index.ts';
import { reportsFor } from '../rule-tester.ts';

const rulesDir = new URL('../../../src/lint/rules/', import.meta.url);
const testsDir = new URL('./', import.meta.url);

test('the registry lists every rule file under its file name', () => {
  const files = readdirSync(rulesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  assert.deepEqual(Object.keys(RULES).sort(), files.sort());
  for (const [id, rule] of Object.entries(RULES)) assert.equal(rule.meta.id, id);
});

for (const [id, rule] of Object.entries(RULES)) {
  test(`${id}: kebab-case id, messages, hint, docs and a test file`, () => {
    assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(Object.keys(rule.meta.messages).length > 0);
    for (const m of Object.values(rule.meta.messages)) assert.ok(m.length > 10);
    assert.ok(rule.meta.hint.length > 10);
    assert.ok(rule.meta.docs.summary.length > 10);
    assert.ok(existsSync(new URL(`${id}.test.ts`, testsDir)), `test/lint/rules/${id}.test.ts is missing`);
  });
  test(`${id}: docs.bad yields the finding and docs.good does not`, () => {
    const options = rule.meta.docs.options ?? {};
    const bad = reportsFor(rule, { code: rule.meta.docs.bad, options });
    assert.ok(bad.length > 0, 'docs.bad should be reported');
    const good = reportsFor(rule, { code: rule.meta.docs.good, options });
    assert.deepEqual(good.map((r) => r.messageId), [], 'docs.good should not be reported');
  });
}
