/**
 * The Corefile lexer. It follows the lexer of CoreDNS's Caddy fork (coredns/caddy,
 * caddyfile/lexer.go) rule for rule:
 *
 * - tokens are separated by Unicode white space; `\r` is ignored (CRLF files work);
 * - a token that starts with `"` runs to the next unescaped `"` and may span lines; inside
 *   it only `\"` is an escape (any other backslash is kept literally);
 * - a token that starts with a backquote runs to the next backquote; nothing is escaped;
 * - `#` starts a comment only where a token would start (`foo#bar` is one token);
 * - outside quotes a backslash before a newline joins the next line to this one (the
 *   following tokens count as the same line, as `NextArg` sees them); a backslash before
 *   any other character is kept;
 * - `{` and `}` are tokens only when they stand alone (Caddy has no special brace lexing);
 * - a leading byte order mark is skipped;
 * - environment placeholders `{$VAR}` and `{%VAR%}` are substituted (the Caddy fork does
 *   this in its parser, for every token, quoted or not).
 *
 * Unlike Caddy it never fails silently: an unterminated quote or binary input becomes a
 * diagnostic with a position. Work is linear in the input size.
 */
import type { ParseDiagnostic, Token } from './ast.ts';
import { makeDiagnostic } from './diagnostics.ts';

export interface LexOptions {
  /** Source name put on every token (the Corefile's name or an imported file's path). */
  file: string;
  /**
   * Environment used for `{$VAR}` / `{%VAR%}`. When absent, placeholders are kept as written
   * (the token is still marked `hadEnvPlaceholder`), because the CoreDNS pod's environment is unknown.
   */
  env?: Record<string, string | undefined>;
}

/** A token plus what the parser needs to reproduce Caddy's line logic. */
export interface LexedToken {
  token: Token;
  /**
   * Caddy's own line counter for this token: equal to `token.line` except after a
   * backslash-newline continuation, where it stays on the continued line.
   */
  caddyLine: number;
  /** Number of newlines inside the token's text (multi-line quoted tokens). */
  breaks: number;
}

export interface LexResult {
  tokens: LexedToken[];
  diagnostics: ParseDiagnostic[];
}

/** Characters that make the input binary rather than text (U+FFFD is what invalid UTF-8 decodes to). */
const BINARY_CHAR = /[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/;

/** After this many unterminated-quote recoveries the rest of the input is one token, as in Caddy (keeps lexing linear). */
const MAX_QUOTE_RECOVERIES = 3;

/** Go's unicode.IsSpace. */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const CR = 0x0d;
const DQUOTE = 0x22;
const BQUOTE = 0x60;
const HASH = 0x23;

/** Lexes `text` into tokens with positions. Never throws. */
export function lexDetailed(text: string, opts: LexOptions): LexResult {
  const file = opts.file;
  const diagnostics: ParseDiagnostic[] = [];
  const tokens: LexedToken[] = [];

  const binary = BINARY_CHAR.exec(text);
  if (binary) {
    const pos = positionOf(text, binary.index);
    const code = text.charCodeAt(binary.index);
    const what = code === 0xfffd ? 'invalid UTF-8' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    diagnostics.push(
      makeDiagnostic('parse-binary-input', { file, ...pos }, `The input contains ${what} at line ${pos.line}, column ${pos.column}: this is not a Corefile.`),
    );
    return { tokens, diagnostics };
  }

  const ctx: LexContext = { file, env: opts.env, tokens, diagnostics };
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i; // index of the first character of the current line (BOM not counted)
  let caddyLine = 1;
  let skipped = 0;
  let recoveries = 0;

  while (i < n) {
    // ---- between tokens (one Caddy `next()` call until a token is made) ----
    let escaped = false;
    let escapeStart = -1;
    let comment = false;
    let startIdx = -1;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!escaped && c === BACKSLASH) {
        escaped = true;
        escapeStart = i;
        continue;
      }
      if (isSpaceCode(c)) {
        if (c === CR) continue;
        if (c === NEWLINE) {
          if (escaped) {
            skipped++;
            escaped = false;
          } else {
            caddyLine += 1 + skipped;
            skipped = 0;
          }
          comment = false;
          line++;
          lineStart = i + 1;
        }
        continue;
      }
      if (comment) continue;
      if (c === HASH) {
        // A comment runs to the end of the line; jump there.
        comment = true;
        const nl = text.indexOf('\n', i);
        if (nl === -1) {
          i = n;
          break;
        }
        i = nl - 1;
        continue;
      }
      startIdx = i;
      break;
    }
    if (startIdx === -1) break;

    const tokStart = escaped ? escapeStart : startIdx;
    const tokLine = line;
    const tokColumn = tokStart - lineStart + 1;
    const tokCaddyLine = caddyLine;
    const first = text.charCodeAt(startIdx);

    if (first === DQUOTE || first === BQUOTE) {
      // ---- quoted token ----
      const back = first === BQUOTE;
      const qLine = line;
      const qLineStart = lineStart;
      const qCaddyLine = caddyLine;
      const qSkipped = skipped;
      let val = '';
      let chunk = startIdx + 1;
      let esc = escaped; // an escape before the opening quote carries in, as in Caddy
      let closed = false;
      let j = startIdx + 1;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (!back && !esc && c === BACKSLASH) {
          val += text.slice(chunk, j);
          chunk = j + 1;
          esc = true;
          continue;
        }
        if (!back && esc) {
          // Only \" is an escape inside double quotes; keep the backslash otherwise.
          if (c !== DQUOTE) val += '\\';
          esc = false;
        } else if (c === first) {
          val += text.slice(chunk, j);
          closed = true;
          break;
        }
        if (c === NEWLINE) {
          caddyLine += 1 + skipped;
          skipped = 0;
          line++;
          lineStart = j + 1;
        }
      }
      if (closed) {
        i = j + 1;
        pushToken(ctx, val, true, tokLine, tokColumn, i - tokStart, tokCaddyLine);
        continue;
      }
      // Unterminated quote.
      const quoteName = back ? 'backquote' : 'double quote';
      diagnostics.push(
        makeDiagnostic(
          'parse-unterminated-quote',
          { file, line: qLine, column: startIdx - qLineStart + 1 },
          `The ${quoteName} opened at line ${qLine}, column ${startIdx - qLineStart + 1} is never closed.`,
        ),
      );
      if (recoveries < MAX_QUOTE_RECOVERIES) {
        // Recover: the string ends at the end of its first line; lex on from the next line.
        recoveries++;
        const nl = text.indexOf('\n', startIdx);
        const end = nl === -1 ? n : nl;
        let rest = text.slice(startIdx + 1, end);
        if (rest.endsWith('\r')) rest = rest.slice(0, -1);
        pushToken(ctx, rest, true, tokLine, tokColumn, end - tokStart, tokCaddyLine);
        line = qLine;
        lineStart = qLineStart;
        caddyLine = qCaddyLine;
        skipped = qSkipped;
        i = end;
        continue;
      }
      val += text.slice(chunk, j);
      i = n;
      if (val.length > 0) pushToken(ctx, val, true, tokLine, tokColumn, n - tokStart, tokCaddyLine);
      continue;
    }

    // ---- plain word ----
    let val = escaped ? '\\' : '';
    let chunk = startIdx;
    let esc = false;
    let j = startIdx;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      // Fast path: printable ASCII other than the backslash continues the word.
      if (!esc && c > 0x20 && c < 0x7f && c !== BACKSLASH) continue;
      if (!esc && c === BACKSLASH) {
        val += text.slice(chunk, j);
        chunk = j + 1;
        esc = true;
        continue;
      }
      if (isSpaceCode(c)) {
        // A backslash before white space is dropped (Caddy); the token ends here.
        if (!esc) val += text.slice(chunk, j);
        break;
      }
      if (esc) {
        val += '\\';
        chunk = j;
        esc = false;
      }
    }
    // At the end of input a pending backslash is dropped, as in Caddy.
    if (j >= n && !esc) val += text.slice(chunk, j);
    // The white space that ended the token is handled by the next round, except for the
    // escape state: Caddy's `next()` ends at that white space, so a backslash-newline
    // right after a word still joins the lines.
    if (esc && j < n) {
      i = j;
      pushToken(ctx, val, false, tokLine, tokColumn, j - tokStart - 1, tokCaddyLine);
      // Emulate the escaped white space in Caddy: CR is skipped, a newline continues the line.
      let k = j;
      while (k < n && text.charCodeAt(k) === CR) k++;
      if (k < n && text.charCodeAt(k) === NEWLINE) {
        skipped++;
        line++;
          lineStart = k + 1;
        i = k + 1;
      }
      continue;
    }
    i = j;
    pushToken(ctx, val, false, tokLine, tokColumn, j - tokStart, tokCaddyLine);
  }

  return { tokens, diagnostics };
}

interface LexContext {
  file: string;
  env: Record<string, string | undefined> | undefined;
  tokens: LexedToken[];
  diagnostics: ParseDiagnostic[];
}

function pushToken(ctx: LexContext, raw: string, quoted: boolean, tline: number, tcol: number, length: number, cline: number): void {
  const { file, tokens, diagnostics } = ctx;
  const token: Token = { text: raw, file, line: tline, column: tcol, quoted, length };
  if (raw.indexOf('{') !== -1 && (raw.includes('{$') || raw.includes('{%'))) {
    const sub = substituteEnv(raw, ctx.env);
    if (sub.found) {
      token.hadEnvPlaceholder = true;
      token.text = sub.text;
      for (const name of sub.unset) {
        diagnostics.push(
          makeDiagnostic(
            'parse-env-unset',
            { file, line: tline, column: tcol },
            `The environment variable ${name} is not set, so its placeholder becomes an empty string.`,
          ),
        );
      }
    }
  }
  let breaks = 0;
  if (quoted) for (let k = token.text.indexOf('\n'); k !== -1; k = token.text.indexOf('\n', k + 1)) breaks++;
  tokens.push({ token, caddyLine: cline, breaks });
}

/** Lexes `text` and returns just the tokens and diagnostics. */
export function lexCorefile(text: string, opts: LexOptions): { tokens: Token[]; diagnostics: ParseDiagnostic[] } {
  const r = lexDetailed(text, opts);
  return { tokens: r.tokens.map((t) => t.token), diagnostics: r.diagnostics };
}

export interface EnvSubstitution {
  text: string;
  /** True when at least one well-formed placeholder was present. */
  found: boolean;
  /** Names of variables that were referenced but not set in `env` (only when `env` was given). */
  unset: string[];
}

/**
 * Replaces `{%NAME%}` and then `{$NAME}` placeholders (Caddy's order). An empty name ends the
 * scan for that kind, as in Caddy. Substituted text is not scanned again (Caddy would, and
 * loops forever on a variable that contains its own placeholder).
 * Without `env`, placeholders are reported as found but left as written.
 */
export function substituteEnv(s: string, env: Record<string, string | undefined> | undefined): EnvSubstitution {
  const unset: string[] = [];
  let found = false;
  const pass = (input: string, start: string, end: string): string => {
    let out = '';
    let pos = 0;
    for (;;) {
      const at = input.indexOf(start, pos);
      if (at === -1) break;
      const close = input.indexOf(end, at);
      if (close === -1 || close <= at + start.length) break;
      const name = input.slice(at + start.length, close);
      found = true;
      let value: string;
      if (env === undefined) value = input.slice(at, close + end.length);
      else {
        const v = env[name];
        if (v === undefined) unset.push(name);
        value = v ?? '';
      }
      out += input.slice(pos, at) + value;
      pos = close + end.length;
    }
    return out + input.slice(pos);
  };
  const text = pass(pass(s, '{%', '%}'), '{$', '}');
  return { text, found, unset };
}

/** 1-based line and column of a string index. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < index; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: index - lineStart + 1 };
}
