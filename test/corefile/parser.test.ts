import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Block, Corefile, Directive } from '../../src/corefile/ast.ts';
import { parseCorefile, type ParseOptions } from '../../src/corefile/parser.ts';
import { memoryImportReader } from '../../src/corefile/imports.ts';
import { PARSE_DIAGNOSTICS } from '../../src/corefile/diagnostics.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/corefiles/parser/${name}`, import.meta.url), 'utf8');

function parse(text: string, opts: Partial<ParseOptions> = {}): Corefile {
  return parseCorefile(text, { source: 'Corefile', ...opts });
}

/** Compact shape of a block: "name arg arg {…}" per directive. */
function shape(block: Block): string[] {
  const one = (d: Directive): string =>
    [d.name.text, ...d.args.map((a) => a.text)].join(' ') + (d.block ? ' { ' + shape(d.block).join('; ') + ' }' : '');
  return block.directives.map(one);
}

function codes(cf: Corefile): [string, number, number][] {
  return cf.diagnostics.map((d) => [d.code, d.line, d.column]);
}

test('parser: kubeadm default Corefile parses with zero diagnostics', () => {
  const cf = parse(fixture('kubeadm.Corefile'));
  assert.deepEqual(cf.diagnostics, []);
  assert.equal(cf.serverBlocks.length, 1);
  const sb = cf.serverBlocks[0]!;
  assert.deepEqual(sb.keys.map((k) => [k.token.text, k.zones, k.port, k.scheme]), [['.:53', ['.'], 53, 'dns']]);
  assert.deepEqual(shape(sb.body), [
    'errors',
    'health { lameduck 5s }',
    'ready',
    'kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }',
    'prometheus :9153',
    'forward . /etc/resolv.conf { max_concurrent 1000 }',
    'cache 30 { disable success cluster.local; disable denial cluster.local }',
    'loop',
    'reload',
    'loadbalance',
  ]);
  const k8s = sb.body.directives[3]!;
  assert.deepEqual([k8s.name.line, k8s.name.column, k8s.block?.open.line, k8s.block?.open.column], [7, 5, 7, 52]);
  assert.deepEqual([k8s.block?.close?.line, k8s.block?.close?.column], [11, 5]);
  assert.deepEqual([sb.body.close?.line, sb.body.close?.column], [23, 1]);
});

test('parser: snippets and imports (files, globs) parse with zero diagnostics', () => {
  const reader = memoryImportReader({
    '/etc/coredns/custom/a.server': 'consul.local:53 {\n  forward . 10.150.0.1\n}\n',
    '/etc/coredns/custom/b.server': 'corp.example:53 {\n  forward . 10.1.1.1\n}\n',
    '/etc/coredns/custom/log.override': 'log\n',
  });
  const cf = parse(fixture('snippets.Corefile'), { source: '/etc/coredns/Corefile', reader });
  assert.deepEqual(cf.diagnostics, []);
  assert.deepEqual(cf.snippets.map((s) => [s.name, s.token.line, shape(s.body)]), [
    ['common', 2, ['errors', 'cache 30', 'reload']],
    ['k8s', 8, ['kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa }']],
  ]);
  assert.deepEqual(
    cf.serverBlocks.map((sb) => [sb.keys.map((k) => k.zones[0]), shape(sb.body)]),
    [
      [['example.org.', 'example.net.'], ['errors', 'cache 30', 'reload', 'forward . 10.0.0.53']],
      [
        ['.'],
        [
          'errors',
          'cache 30',
          'reload',
          'kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa }',
          'health',
          'ready',
          'forward . /etc/resolv.conf',
          'loop',
          'log',
        ],
      ],
      [['consul.local.'], ['forward . 10.150.0.1']],
      [['corp.example.'], ['forward . 10.1.1.1']],
    ],
  );
  // Imported tokens keep their own file and position and point at the import.
  const log = cf.serverBlocks[1]!.body.directives[8]!;
  assert.deepEqual([log.name.file, log.name.line, log.name.column], ['/etc/coredns/custom/log.override', 1, 1]);
  assert.deepEqual([log.name.importedBy?.line, log.name.importedBy?.column], [27, 5]);
  const errors = cf.serverBlocks[0]!.body.directives[0]!;
  assert.deepEqual([errors.name.file, errors.name.line, errors.name.importedBy?.line], ['/etc/coredns/Corefile', 3, 16]);
});

test('parser: several keys, comma continuation over lines, key and brace on separate lines', () => {
  const cf = parse('example.org,\n  example.net:1053 , dns://a.b\n{\n  whoami\n}\n');
  assert.deepEqual(codes(cf), [['parse-bad-server-key', 2, 20]]); // "," alone is an empty key, as in Caddy
  const cf2 = parse('a.org, b.org\n  c.org {\n whoami\n}\n');
  // A missing comma: Caddy ends the key list at the line end, so the first line is stray: the
  // keys of a brace-less block whose first plugin is `c.org` (CoreDNS 1.15.0: ":2 - Unknown directive 'c.org'").
  assert.deepEqual(codes(cf2), [['parse-directive-outside-block', 2, 3]]);
  assert.deepEqual(cf2.serverBlocks.map((sb) => sb.keys.map((k) => k.token.text)), [['c.org']]);
  const cf3 = parse('a.org,\n  b.org c.org\n{\n  whoami\n}\n');
  assert.deepEqual(cf3.diagnostics, []);
  assert.deepEqual(cf3.serverBlocks[0]!.keys.map((k) => [k.token.text, k.token.line, k.token.column]), [
    ['a.org', 1, 1],
    ['b.org', 2, 3],
    ['c.org', 2, 9],
  ]);
});

test('parser: brace-less server block (Caddy allows one running to the end)', () => {
  const cf = parse('.:1053\nwhoami\nlog\n');
  assert.deepEqual(cf.diagnostics, []);
  assert.equal(cf.serverBlocks[0]?.body.implicit, true);
  assert.deepEqual(shape(cf.serverBlocks[0]!.body), ['whoami', 'log']);
});

test('parser: backslash-newline continues a directive line', () => {
  const cf = parse('.:53 {\n  forward . \\\n     1.1.1.1 \\\n     8.8.8.8\n  cache\n}\n');
  assert.deepEqual(cf.diagnostics, []);
  assert.deepEqual(shape(cf.serverBlocks[0]!.body), ['forward . 1.1.1.1 8.8.8.8', 'cache']);
});

test('parser: nested blocks several levels deep', () => {
  const cf = parse('.:53 {\n  a x {\n    b {\n      c 1\n    }\n    d\n  }\n}\n');
  assert.deepEqual(cf.diagnostics, []);
  assert.deepEqual(shape(cf.serverBlocks[0]!.body), ['a x { b { c 1 }; d }']);
});

test('parser: a quoted multi-line argument stays one line of the directive', () => {
  const cf = parse('.:53 {\n  template IN A {\n    answer "{{ .Name }} 60 IN A\n 127.0.0.1" x\n  }\n}\n');
  assert.deepEqual(cf.diagnostics, []);
  assert.deepEqual(shape(cf.serverBlocks[0]!.body), ['template IN A { answer {{ .Name }} 60 IN A\n 127.0.0.1 x }']);
});

const diagnosticCases: { name: string; input: string; expected: [string, number, number][]; opts?: Partial<ParseOptions> }[] = [
  { name: 'empty file', input: '', expected: [['parse-empty', 1, 1]] },
  { name: 'comments only', input: '# nothing\n   # here\n', expected: [['parse-empty', 1, 1]] },
  { name: 'only snippets', input: '(a) {\n  log\n}\n', expected: [['parse-empty', 1, 1]] },
  { name: 'binary junk', input: 'PK\u0003\u0004\u0000\u0000', expected: [['parse-binary-input', 1, 3]] },
  { name: 'unterminated quote', input: '.:53 {\n  forward . "1.1.1.1\n}\n', expected: [['parse-unterminated-quote', 2, 13]] },
  { name: 'unclosed server block', input: '.:53 {\n  errors\n', expected: [['parse-unbalanced-brace', 1, 6]] },
  { name: 'unclosed plugin block', input: '.:53 {\n  cache 30 {\n    success 1000\n}\n', expected: [['parse-unbalanced-brace', 1, 6]] },
  { name: 'extra closing brace', input: '.:53 {\n  errors\n}\n}\n', expected: [['parse-unexpected-close-brace', 4, 1]] },
  { name: 'server block closed on a directive line', input: '.:53 {\n  errors }\n', expected: [['parse-close-brace-same-line', 2, 10]] },
  { name: 'one-line server block', input: '.:53 { whoami }\n', expected: [['parse-close-brace-same-line', 1, 15]] },
  { name: 'plugin block opened on its own line', input: '.:53 {\n  cache 30\n  {\n    success 1000\n  }\n}\n', expected: [['parse-unexpected-open-brace', 3, 3]] },
  { name: 'block without key', input: '{\n  whoami\n}\n', expected: [['parse-missing-server-key', 1, 1]] },
  { name: 'brace-less block closed by a brace', input: '.:53\n  whoami\n}\n', expected: [['parse-missing-open-brace', 3, 1]] },
  { name: 'directive after the last block', input: '.:53 {\n  whoami\n}\nlog\n', expected: [['parse-directive-outside-block', 4, 1]] },
  { name: 'directive between blocks', input: '.:53 {\n}\ncache 30\n.:54 {\n}\n', expected: [['parse-directive-outside-block', 4, 1]] }, // CoreDNS: ":4 - Unknown directive '.:54'"
  { name: 'trailing comma before brace', input: 'a.org, {\n}\n', expected: [['parse-trailing-comma', 1, 1]] },
  { name: 'trailing comma at end', input: 'a.org, b.org,', expected: [['parse-trailing-comma', 1, 8]] },
  { name: 'unknown scheme kept in the zone (CoreDNS starts)', input: 'ftp://.:1053 {\n  whoami\n}\n', expected: [['parse-server-key-literal-zone', 1, 1]] },
  { name: 'bad server key', input: 'example.org:abc {\n}\n.:99999 {\n}\n', expected: [['parse-bad-server-key', 1, 1], ['parse-bad-server-key', 3, 1]] },
  { name: 'server key port from an environment placeholder (env unknown)', input: '.:{$DNS_PORT} {\n  whoami\n}\n', expected: [] },
  { name: 'server key port from a set environment variable', input: '.:{$DNS_PORT} {\n  whoami\n}\n', expected: [], opts: { env: { DNS_PORT: '5353' } } },
  { name: 'server key from a variable set to a bad port', input: '.:{$DNS_PORT} {\n  whoami\n}\n', expected: [['parse-bad-server-key', 1, 1]], opts: { env: { DNS_PORT: 'dns' } } },
  { name: 'brace glued to a word', input: '.:53 {\n  forward . 1.1.1.1{\n  }\n}\n', expected: [['parse-brace-not-separated', 2, 13], ['parse-unexpected-close-brace', 4, 1]] },
  { name: 'snippet without block', input: '(a)\n.:53 {\n}\n', expected: [['parse-snippet-without-block', 1, 1]] },
  { name: 'duplicate snippet', input: '(a) {\n log\n}\n(a) {\n errors\n}\n.:53 {\n import a\n}\n', expected: [['parse-duplicate-snippet', 4, 1]] },
  { name: 'unset env var', input: '.:53 {\n  forward . {$UPSTREAM}\n}\n', expected: [['parse-env-unset', 2, 13]], opts: { env: {} } },
  { name: 'import without argument', input: '.:53 {\n  import\n}\n', expected: [['import-bad-arguments', 2, 3]] },
  { name: 'import with snippet arguments (Caddy v2 only)', input: '(a) {\n  log {args[0]}\n}\n.:53 {\n  import a x\n}\n', expected: [['import-bad-arguments', 5, 12]] },
  { name: 'snippet used before its definition', input: '.:53 {\n  import common\n}\n(common) {\n  log\n}\n', expected: [['import-unknown-snippet', 2, 10]] },
  { name: 'unknown snippet', input: '.:53 {\n  import comon\n}\n', expected: [['import-unknown-snippet', 2, 10]], opts: { reader: memoryImportReader({}) } },
  { name: 'snippet importing itself', input: '(a) {\n  import a\n}\n.:53 {\n  import a\n}\n', expected: [['import-cycle', 2, 3]] },
  { name: 'file import without a reader', input: '.:53 {\n  import /etc/coredns/custom/*.override\n}\n', expected: [['import-not-followed', 2, 3]] },
];

for (const c of diagnosticCases) {
  test(`parser diagnostic: ${c.name}`, () => {
    const cf = parse(c.input, c.opts);
    assert.deepEqual(codes(cf), c.expected);
    for (const d of cf.diagnostics) {
      assert.ok(d.message.length > 0 && d.hint && d.hint.length > 0, `${d.code} has a message and a hint`);
    }
  });
}

test('parser: every diagnostic code in the table is produced by some test case', () => {
  const produced = new Set(diagnosticCases.flatMap((c) => c.expected.map((e) => e[0])));
  for (const extra of ['parse-nesting-too-deep', 'import-missing-file', 'import-glob-no-match', 'import-glob-too-complex', 'import-expansion-limit', 'import-cycle', 'import-resolved-in-pod']) produced.add(extra); // covered in imports.test.ts / below
  for (const d of PARSE_DIAGNOSTICS) assert.ok(produced.has(d.code), `${d.code} is tested`);
  assert.equal(new Set(PARSE_DIAGNOSTICS.map((d) => d.code)).size, PARSE_DIAGNOSTICS.length, 'codes are unique');
  for (const d of PARSE_DIAGNOSTICS) assert.match(d.code, /^(parse|import)-[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('parser: keeps going after an error', () => {
  const cf = parse('.:53 {\n  errors }\n}\nexample.org {\n  forward . "1.1.1.1\n}\nlog\n');
  assert.deepEqual(codes(cf), [
    ['parse-close-brace-same-line', 2, 10],
    ['parse-unexpected-close-brace', 3, 1],
    ['parse-unterminated-quote', 5, 13],
    ['parse-directive-outside-block', 7, 1],
  ]);
  assert.deepEqual(cf.serverBlocks.map((sb) => sb.keys[0]?.token.text), ['.:53', 'example.org']);
});

test('parser: deep nesting is bounded, not a stack overflow', () => {
  const cf = parse('.:53 {\n' + 'a {\n'.repeat(5000) + '}\n'.repeat(5001));
  assert.ok(cf.diagnostics.some((d) => d.code === 'parse-nesting-too-deep'));
  assert.equal(cf.serverBlocks.length, 1);
});

test('parser: hostile inputs never throw', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const words = ['{', '}', '\n', ' ', '"', '`', '\\', 'import', 'a', '(s)', ',', '.:53', '#', 'forward', '{$X}'];
  for (let k = 0; k < 500; k++) {
    let s = '';
    for (let i = 0; i < 60; i++) s += words[Math.floor(rand() * words.length)] + (rand() < 0.5 ? ' ' : '');
    const cf = parse(s, { reader: memoryImportReader({ '/a': 'import a\n' }), env: {} });
    assert.ok(Array.isArray(cf.diagnostics));
  }
});

test('parser: a 10 MB Corefile returns', () => {
  const block = fixture('kubeadm.Corefile').replace('.:53', 'zone.example:53');
  const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
  const cf = parse(text);
  assert.equal(cf.serverBlocks.length, Math.ceil((10 * 1024 * 1024) / block.length));
});
