import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { FINDINGS } from '../../src/explain/findings/index.ts';
import { findingDocPages, renderFindingDoc } from '../../scripts/gen-docs.ts';

const dir = new URL('../../docs/findings/', import.meta.url);

test('docs/findings is generated from the findings and up to date (node scripts/gen-docs.ts)', () => {
  const pages = findingDocPages(FINDINGS);
  assert.equal(Object.keys(pages).length, FINDINGS.length + 1);
  for (const [name, text] of Object.entries(pages)) {
    const url = new URL(name, dir);
    assert.ok(existsSync(url), `docs/findings/${name} missing: run node scripts/gen-docs.ts`);
    assert.equal(readFileSync(url, 'utf8'), text, `docs/findings/${name} is stale: run node scripts/gen-docs.ts`);
  }
  const extra = readdirSync(dir).filter((f) => f.endsWith('.md') && !(f in pages));
  assert.deepEqual(extra, [], 'pages without a finding');
});

test('a page carries the summary, message, hint and example, placeholders named', () => {
  const f = FINDINGS.find((x) => x.meta.id === 'coredns-scaled-to-zero')!;
  const page = renderFindingDoc(f);
  assert.match(page, /^# coredns-scaled-to-zero$/m);
  assert.match(page, /Default severity: \*\*error\*\*/);
  assert.ok(page.includes(f.meta.docs.summary) && page.includes(f.meta.docs.example));
  assert.match(page, /> Deployment \*deployment\* is scaled to 0 replicas/);
  assert.match(page, /Hint: Scale it back: `kubectl -n \*namespace\* scale deployment \*name\* --replicas=2`\./);
  assert.doesNotMatch(page, /\{\{/);
});

test('a message composed per situation says so instead of printing a bare placeholder', () => {
  const page = renderFindingDoc(FINDINGS.find((x) => x.meta.id === 'network-policy-blocks-dns')!);
  assert.match(page, /Composed for the situation found \(\*what\*\)/);
});

test('the index lists every finding in report order', () => {
  const index = findingDocPages(FINDINGS)['README.md']!;
  const linked = [...index.matchAll(/^\| \[([a-z0-9-]+)\]\(\1\.md\)/gm)].map((m) => m[1]);
  assert.deepEqual(linked, FINDINGS.map((f) => f.meta.id));
});
