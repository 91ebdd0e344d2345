/**
 * The README shows real output. Every offline example in it — a `$ kubectl dns ...` line inside
 * a fenced block that reads a snapshot or a file, not a cluster — is run with the built binary
 * and must print exactly what the README shows (and exit with the code a following
 * `$ echo $?` shows).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'dist/bin/kubectl-dns.js');

interface Example {
  args: string[];
  output: string;
  exitCode?: number;
}

/** `$ kubectl dns ARGS` lines with no shell syntax, the lines up to the next `$ `, and `$ echo $?`. */
function readmeExamples(markdown: string): Example[] {
  const out: Example[] = [];
  const blocks = markdown.split(/^```.*$/m).filter((_, i) => i % 2 === 1);
  for (const block of blocks) {
    const lines = block.replace(/^\n/, '').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = /^\$ kubectl dns (.+)$/.exec(lines[i]!);
      if (!m || /[|<>;&#`]/.test(m[1]!)) continue;
      const args = shellWords(m[1]!);
      // only files the repository has (examples/...), not ones the reader makes first
      const files = args.filter((a, k) => a.startsWith('examples/') || args[k - 1] === '--snapshot');
      if (files.length === 0 || !files.every((f) => existsSync(join(ROOT, f)))) continue;
      let j = i + 1;
      const body: string[] = [];
      while (j < lines.length && !lines[j]!.startsWith('$ ')) body.push(lines[j++]!);
      const ex: Example = { args, output: body.join('\n') };
      if (lines[j] === '$ echo $?') ex.exitCode = Number(lines[j + 1]);
      out.push(ex);
    }
  }
  return out;
}

/** Words as a POSIX shell splits them, with '...' quoting (the README's jsonpath templates). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  for (const c of line.trim()) {
    if (c === "'") {
      quoted = !quoted;
      word ??= '';
    } else if (!quoted && /\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

test('the README has offline examples for explain, lint-corefile and records', () => {
  const commands = new Set(examples.map((e) => e.args[0]));
  for (const c of ['explain', 'lint-corefile', 'records']) assert.ok(commands.has(c), `no offline ${c} example in README.md`);
});

for (const ex of examples) {
  test(`README: kubectl dns ${ex.args.join(' ')}`, () => {
    assert.ok(existsSync(BIN), 'dist/ is missing: run `npm run build` first');
    const r = spawnSync(process.execPath, [BIN, ...ex.args], { cwd: ROOT, encoding: 'utf8', env: { NO_COLOR: '1', HOME: ROOT } });
    // a fenced block cannot show trailing blank lines
    assert.equal(r.stdout.trimEnd(), ex.output.trimEnd(), 'README.md shows different output: update it from a real run');
    if (ex.exitCode !== undefined) assert.equal(r.status, ex.exitCode);
  });
}
