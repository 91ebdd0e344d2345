/**
 * Test helper: turns a one-plugin snippet into a Directive with real token positions,
 * without the project parser (words, double-quoted strings, `{`/`}` blocks, # comments).
 */
import type { Block, Directive, Token } from '../../../src/corefile/ast.ts';

function tokenize(text: string, file: string): Token[] {
  const out: Token[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    let col = 0;
    while (col < line.length) {
      const ch = line[col]!;
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        col++;
        continue;
      }
      if (ch === '#') break;
      const start = col;
      if (ch === '"') {
        let end = col + 1;
        while (end < line.length && line[end] !== '"') end++;
        out.push({ text: line.slice(col + 1, end), file, line: i + 1, column: start + 1, quoted: true, length: end + 1 - start });
        col = end + 1;
        continue;
      }
      while (col < line.length && !/[\s]/.test(line[col]!)) col++;
      out.push({ text: line.slice(start, col), file, line: i + 1, column: start + 1, quoted: false, length: col - start });
    }
  });
  return out;
}

function readDirectives(tokens: Token[], pos: { i: number }, until?: string): Directive[] {
  const out: Directive[] = [];
  while (pos.i < tokens.length) {
    const name = tokens[pos.i]!;
    if (name.text === '}' && !name.quoted) return out;
    pos.i++;
    const args: Token[] = [];
    let block: Block | undefined;
    while (pos.i < tokens.length && tokens[pos.i]!.line === name.line) {
      const t = tokens[pos.i]!;
      if (t.text === '{' && !t.quoted) {
        pos.i++;
        const directives = readDirectives(tokens, pos, '}');
        const close = tokens[pos.i];
        pos.i++;
        block = { open: t, ...(close ? { close } : {}), directives };
        break;
      }
      args.push(t);
      pos.i++;
    }
    out.push({ name, args, ...(block ? { block } : {}) });
    if (!until && block) continue;
  }
  return out;
}

/** The first directive of `text` (a plugin line with its optional block). */
export function directive(text: string, file = 'Corefile'): Directive {
  const d = readDirectives(tokenize(text, file), { i: 0 })[0];
  if (!d) throw new Error(`no directive in ${JSON.stringify(text)}`);
  return d;
}
