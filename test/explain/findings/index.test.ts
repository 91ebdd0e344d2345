import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FINDINGS } from '../../../src/explain/findings/index.ts';

const here = new URL('./', import.meta.url);
const src = new URL('../../../src/explain/findings/', import.meta.url);
const ids = FINDINGS.map((f) => f.meta.id);

test('every registered finding has a FindingTester file, and every file a registered finding', () => {
  const tested = readdirSync(here).filter((f) => f.endsWith('.test.ts') && f !== 'index.test.ts').map((f) => f.replace(/\.test\.ts$/, ''));
  assert.deepEqual(ids.filter((id) => !tested.includes(id)), [], 'findings without tests');
  assert.deepEqual(tested.filter((id) => !ids.includes(id)), [], 'test files for unknown findings');
});

test('ids are unique, kebab-case, and name their source file', () => {
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  const files = readdirSync(src).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  assert.deepEqual([...files].sort(), [...ids].sort());
});

test('every finding has a one-sentence message, a hint and a docs example', () => {
  for (const { meta } of FINDINGS) {
    assert.ok(meta.message.trim().length > 0 && meta.hint.trim().length > 0, meta.id);
    assert.ok(meta.docs.summary.endsWith('.') && meta.docs.example.length > 20, meta.id);
    assert.ok(['error', 'warning', 'info'].includes(meta.severity), meta.id);
  }
});
