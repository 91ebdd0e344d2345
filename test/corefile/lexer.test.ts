import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexCorefile, lexDetailed, substituteEnv } from '../../src/corefile/lexer.ts';

type Row = [text: string, line: number, column: number, length: number, quoted?: boolean];

function lex(input: string, env?: Record<string, string | undefined>) {
  return lexCorefile(input, { file: 'Corefile', ...(env ? { env } : {}) });
}

function rows(input: string): Row[] {
  return lex(input).tokens.map((t) => (t.quoted ? [t.text, t.line, t.column, t.length, true] : [t.text, t.line, t.column, t.length]));
}

const cases: { name: string; input: string; expected: Row[] }[] = [
  { name: 'words and braces', input: '.:53 {\n  errors\n}\n', expected: [['.:53', 1, 1, 4], ['{', 1, 6, 1], ['errors', 2, 3, 6], ['}', 3, 1, 1]] },
  { name: 'tabs and several spaces', input: 'a\t\tb   c', expected: [['a', 1, 1, 1], ['b', 1, 4, 1], ['c', 1, 8, 1]] },
  { name: 'CRLF line ends', input: 'a b\r\nc\r\n', expected: [['a', 1, 1, 1], ['b', 1, 3, 1], ['c', 2, 1, 1]] },
  { name: 'comment at token start', input: 'a # b c\nd', expected: [['a', 1, 1, 1], ['d', 2, 1, 1]] },
  { name: 'hash inside a word is not a comment', input: 'foo#bar baz', expected: [['foo#bar', 1, 1, 7], ['baz', 1, 9, 3]] },
  { name: 'comment on its own line', input: '# head\n  x', expected: [['x', 2, 3, 1]] },
  { name: 'double quotes keep spaces', input: 'a "b c" d', expected: [['a', 1, 1, 1], ['b c', 1, 3, 5, true], ['d', 1, 9, 1]] },
  { name: 'escaped quote inside quotes', input: '"say \\"hi\\""', expected: [['say "hi"', 1, 1, 12, true]] },
  { name: 'other backslashes in quotes are kept', input: '"a\\.b"', expected: [['a\\.b', 1, 1, 6, true]] },
  { name: 'newline inside quotes', input: 'x "a\nb" y', expected: [['x', 1, 1, 1], ['a\nb', 1, 3, 5, true], ['y', 2, 4, 1]] },
  { name: 'backquotes take everything literally', input: '`a "b" \\c`', expected: [['a "b" \\c', 1, 1, 10, true]] },
  { name: 'empty quoted token', input: '""', expected: [['', 1, 1, 2, true]] },
  { name: 'quote in the middle of a word is literal', input: 'a"b c"', expected: [['a"b', 1, 1, 3], ['c"', 1, 5, 2]] },
  { name: 'braces glued to words are one word', input: 'forward{ }x', expected: [['forward{', 1, 1, 8], ['}x', 1, 10, 2]] },
  { name: 'backslash in a word is kept', input: 'rewrite name regex (.*)\\.example\\.org', expected: [['rewrite', 1, 1, 7], ['name', 1, 9, 4], ['regex', 1, 14, 5], ['(.*)\\.example\\.org', 1, 20, 18]] },
  { name: 'byte order mark is skipped', input: '\uFEFF.:53', expected: [['.:53', 1, 1, 4]] },
  { name: 'no-break space separates tokens (Go unicode.IsSpace)', input: 'a\u00A0b', expected: [['a', 1, 1, 1], ['b', 1, 3, 1]] },
  { name: 'backslash-newline continuation', input: 'forward . \\\n  1.1.1.1\nnext', expected: [['forward', 1, 1, 7], ['.', 1, 9, 1], ['1.1.1.1', 2, 3, 7], ['next', 3, 1, 4]] },
];

for (const c of cases) {
  test(`lexer: ${c.name}`, () => {
    assert.deepEqual(rows(c.input), c.expected);
    assert.deepEqual(lex(c.input).diagnostics, []);
  });
}

test('lexer: backslash-newline keeps the continued tokens on the logical line', () => {
  const r = lexDetailed('forward . \\\n  1.1.1.1\nnext', { file: 'C' });
  assert.deepEqual(
    r.tokens.map((t) => [t.token.text, t.token.line, t.caddyLine]),
    [['forward', 1, 1], ['.', 1, 1], ['1.1.1.1', 2, 1], ['next', 3, 3]],
  );
});

test('lexer: multi-line quoted tokens count their line breaks', () => {
  const r = lexDetailed('"a\nb\nc" d', { file: 'C' });
  assert.equal(r.tokens[0]?.breaks, 2);
  assert.equal(r.tokens[1]?.token.line, 3);
});

test('lexer: unterminated double quote is a diagnostic and lexing resumes on the next line', () => {
  const r = lex('a "bc d\ne f');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.column]), [['parse-unterminated-quote', 1, 3]]);
  assert.deepEqual(r.tokens.map((t) => [t.text, t.line, t.column]), [['a', 1, 1], ['bc d', 1, 3], ['e', 2, 1], ['f', 2, 3]]);
});

test('lexer: unterminated backquote is a diagnostic', () => {
  const r = lex('x\n  `abc');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.column]), [['parse-unterminated-quote', 2, 3]]);
  assert.match(r.diagnostics[0]?.message ?? '', /backquote/);
});

test('lexer: NUL bytes are binary input, not tokens', () => {
  const r = lex('.:53 {\n  err\u0000ors\n}');
  assert.deepEqual(r.tokens, []);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.column]), [['parse-binary-input', 2, 6]]);
});

test('lexer: invalid UTF-8 (decoded as U+FFFD) is binary input', () => {
  const text = new TextDecoder().decode(new Uint8Array([0x2e, 0x3a, 0x35, 0x33, 0x20, 0xff, 0xfe, 0x7b]));
  const r = lex(text);
  assert.equal(r.diagnostics[0]?.code, 'parse-binary-input');
  assert.match(r.diagnostics[0]?.message ?? '', /invalid UTF-8/);
});

test('lexer: random binary junk never throws', () => {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 200; k++) {
    const bytes = new Uint8Array(200).map(() => Math.floor(rand() * 256));
    const r = lex(new TextDecoder().decode(bytes));
    assert.ok(Array.isArray(r.tokens));
  }
  // Text-only junk (quotes, braces, backslashes) lexes without crashing too.
  const alphabet = ' \n\r\t"`\\{}#a$%,';
  for (let k = 0; k < 300; k++) {
    let s = '';
    for (let i = 0; i < 80; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
    lex(s, {});
  }
});

test('lexer: environment placeholders are substituted and marked', () => {
  const r = lex('{$ZONE}:{%PORT%} "a {$X} b" plain', { ZONE: 'cluster.local', PORT: '1053', X: 'y' });
  assert.deepEqual(
    r.tokens.map((t) => [t.text, t.hadEnvPlaceholder === true]),
    [['cluster.local:1053', true], ['a y b', true], ['plain', false]],
  );
  assert.deepEqual(r.diagnostics, []);
});

test('lexer: an unset variable becomes empty and is reported', () => {
  const r = lex('forward . {$UPSTREAM}', {});
  assert.equal(r.tokens[2]?.text, '');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line, d.column]), [['parse-env-unset', 1, 11]]);
});

test('lexer: without an environment placeholders are kept as written', () => {
  const r = lex('{$ZONE}');
  assert.equal(r.tokens[0]?.text, '{$ZONE}');
  assert.equal(r.tokens[0]?.hadEnvPlaceholder, true);
});

test('substituteEnv: Caddy corner cases', () => {
  const env = { A: 'x', B: '{$A}' };
  assert.equal(substituteEnv('{%A}', env).text, '{%A}'); // malformed windows style stays
  assert.equal(substituteEnv('{$}', env).text, '{$}'); // empty name stops
  assert.equal(substituteEnv('{$A}{$A}', env).text, 'xx');
  assert.equal(substituteEnv('{$B}', env).text, '{$A}'); // substituted text is not re-scanned (no loop)
  assert.equal(substituteEnv('{%A%}:{$A}', env).text, 'x:x');
});

test('lexer: a 10 MB input is lexed (linear time)', () => {
  const block = '.:53 {\n    errors\n    forward . "1.1.1.1" `8.8.8.8` # c\n    cache 30\n}\n';
  const text = block.repeat(Math.ceil((10 * 1024 * 1024) / block.length));
  const r = lexDetailed(text, { file: 'big' });
  assert.equal(r.tokens.length, (text.length / block.length) * 10);
});
