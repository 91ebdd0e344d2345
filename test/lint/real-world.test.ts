/**
 * Real-world Corefiles (test/fixtures/corefiles/real-world/): CoreDNS plugin README examples,
 * distributions' defaults and community configs, each with a comment naming its source. CoreDNS
 * starts with every one of them, so none may get an `error` finding. A fixture may name the CoreDNS
 * version it was written for with a `# coredns-version: X.Y.Z` comment; a `# warnings: rule-id ... (note)`
 * comment lists the warning rules reviewed as right for that file (any other warning fails). Imports
 * see no files (as when linting the ConfigMap alone).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { lintCorefile } from '../../src/lint/linter.ts';
import { memoryReader } from '../../src/lint/inputs.ts';

const dir = new URL('../fixtures/corefiles/real-world/', import.meta.url);

function directive(text: string, name: string): string[] | undefined {
  const m = new RegExp(`^#\\s*${name}:\\s*(.*)$`, 'm').exec(text);
  return m ? m[1]!.replace(/\(.*$/, '').trim().split(/\s+/) : undefined;
}

const names = readdirSync(dir).filter((f) => f.endsWith('.Corefile')).sort();

test('at least 40 real-world Corefiles', () => {
  assert.ok(names.length >= 40, `only ${names.length}`);
});

for (const name of names) {
  const text = readFileSync(new URL(name, dir), 'utf8');
  test(`real-world ${name}: no errors, only reviewed warnings`, () => {
    assert.match(text, /^# Source: /m, 'each fixture names its source');
    const version = directive(text, 'coredns-version')?.[0];
    const allowed = new Set(directive(text, 'warnings') ?? []);
    const corefile = parseCorefile(text, { source: name, baseDir: '/etc/coredns', reader: memoryReader({}) });
    const findings = lintCorefile(corefile, version ? { corednsVersion: version } : {});
    const show = (f: (typeof findings)[number]) => `${f.line}:${f.column} ${f.rule} ${f.message}`;
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map(show), []);
    assert.deepEqual(findings.filter((f) => f.severity === 'warning' && !allowed.has(f.rule)).map(show), []);
  });
}
