/**
 * No argument spreading in src/ or bin/: `f(...xs)` passes every element as an argument, and V8
 * throws "Maximum call stack size exceeded" past ~100,000 of them (a `push(...items)` of a big
 * cluster's list did). Loops, concat or for..of instead. Object and array literal spreads
 * (`{...o}`, `[...xs]`) and rest parameters are fine; this scanner tells them apart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Blanks comments, strings, template text and regex literals (keeping offsets), so only code is scanned. */
export function codeOnly(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  const templateDepth: number[] = [];
  let braceDepth = 0;
  let lastSignificant = '';
  while (i < src.length) {
    const c = src[i]!;
    const n = src[i + 1];
    if (c === '/' && n === '/') {
      const end = src.indexOf('\n', i);
      const stop = end === -1 ? src.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end === -1 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
      lastSignificant = 'x';
      continue;
    }
    if (c === '`' || (c === '}' && templateDepth.length > 0 && templateDepth.at(-1) === braceDepth)) {
      if (c === '}') templateDepth.pop();
      let j = i + 1;
      while (j < src.length && src[j] !== '`' && !(src[j] === '$' && src[j + 1] === '{')) j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      if (src[j] === '$') {
        templateDepth.push(braceDepth);
        i = j + 2;
      } else i = j + 1;
      lastSignificant = 'x';
      continue;
    }
    if (c === '/' && /[(,=:[!&|?{};+\-*%<>~^]|^$/.test(lastSignificant)) {
      // a regex literal
      let j = i + 1;
      let cls = false;
      while (j < src.length && src[j] !== '\n' && (cls || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') cls = true;
        else if (src[j] === ']') cls = false;
        j++;
      }
      blank(i + 1, j);
      i = j + 1;
      lastSignificant = 'x';
      continue;
    }
    if (c === '{') braceDepth++;
    if (c === '}') braceDepth--;
    if (!/\s/.test(c)) lastSignificant = /[A-Za-z0-9_$)\]]/.test(c) ? 'x' : c;
    i++;
  }
  return out.join('');
}

/** Offsets of `...` that spread into a call's or `new`'s arguments. */
export function argumentSpreads(src: string): number[] {
  const code = codeOnly(src);
  const found: number[] = [];
  const stack: { ch: string; call: boolean; at: number }[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '(' || c === '[' || c === '{') {
      let call = false;
      if (c === '(') {
        const before = code.slice(Math.max(0, i - 40), i).replace(/\s+$/, '');
        const word = /([A-Za-z_$][\w$]*)$/.exec(before)?.[1];
        // f(...), obj.m(...), f<T>(...), g()(...), a[0](...), new X(...); not if/for/while/switch/catch/function headers
        const keyword = word !== undefined && /^(if|for|while|switch|catch|function|return|typeof|await|yield|in|of|case|do|else|void)$/.test(word);
        call = (word !== undefined && !keyword) || /[)\]>]$/.test(before);
        if (call && word !== undefined && /\bfunction\s*\*?\s*[\w$]*$/.test(before)) call = false;
      }
      stack.push({ ch: c, call, at: i });
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      const open = stack.pop();
      // A "call" followed by `{`, `=>` or `:` was a declaration (method, arrow params, typed return): its spreads are rest parameters.
      if (open?.ch === '(' && open.call) {
        const after = code.slice(i + 1, i + 40).replace(/^\s+/, '');
        if (/^(\{|=>|:)/.test(after)) {
          for (let k = found.length - 1; k >= 0 && found[k]! > open.at; k--) found.splice(k, 1);
        }
      }
      continue;
    }
    if (c === '.' && code.startsWith('...', i)) {
      const top = stack.at(-1);
      if (top?.ch === '(' && top.call) found.push(i);
      i += 2;
    }
  }
  return found;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const f of tsFiles(p)) out.push(f);
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

test('the scanner finds argument spreads and only those', () => {
  const bad = ['xs.push(...ys);', 'Math.max(...ns)', 'new Set<string>(...a)', 'f(a, ...b)', 'g()(...h)', 'o.m<T>(...x)', 'a[0](...b)'];
  for (const s of bad) assert.equal(argumentSpreads(s).length, 1, s);
  const good = [
    'const o = { ...p };', 'const a = [...xs];', 'function f(...args) {}', 'const g = (...args) => 0;',
    'class C { m(...args: string[]): void {} }', "const s = 'f(...x)';", '// f(...x)', 'const t = `f(...${x})`;',
    'const r = /f\\(...\\)/;', 'f({ ...o }, [...xs])', 'if (x) { y = [...z]; }', 'async function h(a, ...rest) {}',
    'const k = function (...a) { return a; };', 'f(`${a}`, [...b])',
  ];
  for (const s of good) assert.deepEqual(argumentSpreads(s), [], s);
});

test('no argument spreads in src/ and bin/ (a big list would overflow the stack)', () => {
  const offenders: string[] = [];
  for (const file of [...tsFiles('src'), ...tsFiles('bin')]) {
    const text = readFileSync(file, 'utf8');
    for (const at of argumentSpreads(text)) {
      const line = text.slice(0, at).split('\n').length;
      offenders.push(`${file}:${line}: ${text.split('\n')[line - 1]!.trim()}`);
    }
  }
  assert.deepEqual(offenders, [], `argument spreads (use a loop or concat):\n${offenders.join('\n')}`);
});
