import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, globTooComplex, memoryImportReader, resolveImportPath } from '../../src/corefile/imports.ts';
import { parseCorefile } from '../../src/corefile/parser.ts';
import type { Corefile } from '../../src/corefile/ast.ts';

const codes = (cf: Corefile) => cf.diagnostics.map((d) => [d.code, d.file, d.line, d.column]);

test('imports: relative paths resolve from the importing file', () => {
  assert.equal(resolveImportPath('custom/a.server', '/etc/coredns'), '/etc/coredns/custom/a.server');
  assert.equal(resolveImportPath('/abs/x', '/etc/coredns'), '/abs/x');
  assert.equal(resolveImportPath('../x', '/etc/coredns/custom'), '/etc/coredns/x');
});

test('imports: glob rules of the Caddy fork', () => {
  assert.equal(globTooComplex('/etc/coredns/custom/*.server'), undefined);
  assert.match(globTooComplex('/etc/*/custom/*.server') ?? '', /2 "\*"/);
  assert.match(globTooComplex('/a/??') ?? '', /"\?"/);
  assert.match(globTooComplex('/a/[a-z]') ?? '', /class/);
  assert.ok(globToRegExp('/e/*.server').test('/e/a.server'));
  assert.ok(!globToRegExp('/e/*.server').test('/e/sub/a.server'));
  assert.ok(globToRegExp('/e/?.x').test('/e/a.x'));
});

test('imports: memory reader globs are sorted', () => {
  const r = memoryImportReader({ '/e/b.server': '', '/e/a.server': '', '/e/c.override': '' });
  assert.deepEqual(r.glob('*.server', '/e'), ['/e/a.server', '/e/b.server']);
  assert.equal(r.readFile('/e/../e/a.server'), '');
});

test('imports: a file importing a file that imports it back is a cycle', () => {
  const reader = memoryImportReader({
    '/etc/coredns/a.conf': 'import b.conf\n',
    '/etc/coredns/b.conf': 'import a.conf\n',
  });
  const cf = parseCorefile('.:53 {\n  import a.conf\n  log\n}\n', { source: '/etc/coredns/Corefile', reader });
  assert.deepEqual(codes(cf), [['import-cycle', '/etc/coredns/b.conf', 1, 1]]);
  assert.match(cf.diagnostics[0]!.message, /a\.conf -> \/etc\/coredns\/b\.conf -> \/etc\/coredns\/a\.conf/);
  assert.deepEqual(cf.serverBlocks[0]!.body.directives.map((d) => d.name.text), ['log']);
});

test('imports: the Corefile importing itself is a cycle', () => {
  const reader = memoryImportReader({ '/etc/coredns/Corefile': '.:53 {\n  import Corefile\n}\n' });
  const cf = parseCorefile('.:53 {\n  import Corefile\n}\n', { source: '/etc/coredns/Corefile', reader });
  assert.deepEqual(codes(cf), [['import-cycle', '/etc/coredns/Corefile', 2, 3]]);
});

test('imports: snippets importing each other form a cycle', () => {
  const cf = parseCorefile('(a) {\n  import b\n}\n(b) {\n  import a\n}\n.:53 {\n  import a\n}\n', { source: 'C' });
  assert.deepEqual(codes(cf), [['import-cycle', 'C', 5, 3]]);
});

test('imports: a missing plain file is an error, a glob with no match a warning (Caddy)', () => {
  const reader = memoryImportReader({});
  const cf = parseCorefile('.:53 {\n  import custom/*.override\n  import extra.conf\n}\nimport custom/*.server\n', { source: '/etc/coredns/Corefile', reader });
  assert.deepEqual(
    cf.diagnostics.map((d) => [d.code, d.severity, d.line, d.column]),
    [
      ['import-glob-no-match', 'warning', 2, 10],
      ['import-missing-file', 'error', 3, 10],
      ['import-glob-no-match', 'warning', 5, 8],
    ],
  );
});

test('imports: linting a file from this machine, globs under the pod\'s ConfigMap mount are said to be resolved in the pod', () => {
  const reader = memoryImportReader({ '/home/me/extra.server': 'example.org {\n  whoami\n}\n' });
  const text = 'import /etc/coredns/custom/*.server\nimport /home/me/*.server\nimport /srv/none/*.server\n.:53 {\n  whoami\n}\n';
  const cf = parseCorefile(text, { source: '/home/me/Corefile', reader, podDir: '/etc/coredns' });
  assert.deepEqual(
    cf.diagnostics.map((d) => [d.code, d.severity, d.line]),
    [
      ['import-resolved-in-pod', 'info', 1],
      ['import-glob-no-match', 'warning', 3],
    ],
  );
  assert.equal(cf.serverBlocks.length, 2, 'the glob that matches here is still followed');
});

test('imports: a glob with two wildcards is refused like CoreDNS does', () => {
  const cf = parseCorefile('.:53 {\n  import */*.conf\n}\n', { source: '/etc/coredns/Corefile', reader: memoryImportReader({}) });
  assert.deepEqual(codes(cf), [['import-glob-too-complex', '/etc/coredns/Corefile', 2, 10]]);
});

test('imports: exponential imports stop at the expansion limit', () => {
  // Each snippet imports the previous one twice: 2^20 expansions without a cap.
  let text = '(s0) {\n  log\n}\n';
  for (let i = 1; i <= 20; i++) text += `(s${i}) {\n  import s${i - 1}\n  import s${i - 1}\n}\n`;
  text += '.:53 {\n  import s20\n}\n';
  const cf = parseCorefile(text, { source: 'C' });
  assert.ok(cf.diagnostics.some((d) => d.code === 'import-expansion-limit'));
});

test('imports: an imported file with a parse error reports it in that file', () => {
  const reader = memoryImportReader({ '/etc/coredns/custom/x.server': 'x.org {\n  forward . 1.1.1.1\n' });
  const cf = parseCorefile('.:53 {\n}\nimport custom/*.server\n', { source: '/etc/coredns/Corefile', reader });
  assert.deepEqual(codes(cf), [['parse-unbalanced-brace', '/etc/coredns/custom/x.server', 1, 7]]);
});

test('imports: baseDir overrides the source directory (ConfigMap sources)', () => {
  const reader = memoryImportReader({ '/etc/coredns/custom/a.server': 'a.org {\n  whoami\n}\n' });
  const cf = parseCorefile('.:53 {\n}\nimport custom/*.server\n', { source: 'configmap kube-system/coredns', baseDir: '/etc/coredns', reader });
  assert.deepEqual(cf.diagnostics, []);
  assert.deepEqual(cf.serverBlocks.map((sb) => sb.keys[0]?.zones[0]), ['.', 'a.org.']);
});
