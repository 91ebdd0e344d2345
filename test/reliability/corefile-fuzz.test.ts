/**
 * The Corefile fuzz run of the reliability suite: seeded mutations of every Corefile in the
 * corpus (test/fixtures/corefiles/**) — bytes flipped, braces and quotes dropped or doubled,
 * lines cut, duplicated and swapped, control bytes and long tokens inserted — through the parser
 * and the linter in process. None may throw; each must come back as findings. Bounded in count and
 * time; the seed is printed so a failure can be replayed (KDNS_FUZZ_SEED).
 * Also: an endless standard input to `lint-corefile -` ends with the size limit, not in memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { memoryImportReader } from '../../src/corefile/imports.ts';
import { lintCorefile } from '../../src/lint/linter.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CORPUS = join(ROOT, 'test/fixtures/corefiles');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** mulberry32: a small seeded generator, so every run of one seed is the same run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['{', '}', '"', '\\', '#', '\n', '\u0000', '\u001b[31m', '\u202e', '{$ENV}', 'import *', '.:53', ':', '@', 'x'.repeat(5000), '\t', ' ', '\r\n'];

function mutate(text: string, r: () => number): string {
  let s = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 6)) {
      case 0: s = s.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)]! + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 20)); break;
      case 2: s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at + 1); break;
      case 3: {
        const lines = s.split('\n');
        const k = Math.floor(r() * lines.length);
        lines.splice(k, 0, lines[Math.floor(r() * lines.length)] ?? '');
        s = lines.join('\n');
        break;
      }
      case 4: {
        const lines = s.split('\n');
        const a = Math.floor(r() * lines.length);
        const b = Math.floor(r() * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
      default: s = s.slice(0, at); break;
    }
  }
  return s;
}

test('seeded mutations of the whole Corefile corpus: parser and linter never throw', () => {
  const seed = Number(process.env['KDNS_FUZZ_SEED'] ?? 20261204);
  const r = rng(seed);
  const corpus = files(CORPUS).map((p) => readFileSync(p, 'utf8'));
  assert.ok(corpus.length >= 150, `corpus has ${corpus.length} files`);
  const deadline = Date.now() + 60_000;
  let runs = 0;
  for (let round = 0; round < 20 && Date.now() < deadline; round++) {
    for (const text of corpus) {
      const input = mutate(text, r);
      try {
        const cf = parseCorefile(input, { source: 'Corefile', reader: memoryImportReader({}) });
        const findings = lintCorefile(cf);
        assert.ok(Array.isArray(findings));
      } catch (e) {
        assert.fail(`seed ${seed}, run ${runs}: ${(e as Error).stack}\n--- input ---\n${JSON.stringify(input).slice(0, 2000)}`);
      }
      runs++;
    }
  }
  assert.ok(runs >= corpus.length, `only ${runs} runs in the time bound`);
});

test('an endless standard input is cut at the size limit: exit 2, one line, bounded time', { skip: !existsSync(join(ROOT, 'dist/bin/kubectl-dns.js')) && 'run npm run build first' }, async () => {
  const child = spawn('sh', ['-c', `yes "    forward . 10.0.0.1" | "${process.execPath}" "${join(ROOT, 'dist/bin/kubectl-dns.js')}" lint-corefile -`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  clearTimeout(t);
  assert.equal(code, 2, err);
  assert.match(err, /^error: standard input is over the 1048576-byte limit\n$/);
});
