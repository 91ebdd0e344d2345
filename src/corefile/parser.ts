/**
 * The Corefile parser. It follows the parser of CoreDNS's Caddy fork (coredns/caddy,
 * caddyfile/parse.go and dispenser.go) and builds a tree with positions:
 *
 * - server blocks: keys up to `{` or the end of the line (a trailing comma continues the key
 *   list on the next line); the `{` may stand on the next line; a block without braces runs
 *   to the end of the input (or a `}`), as Caddy allows;
 * - directives: a name and its arguments on the same line (a backslash-newline joins lines);
 *   a `{` on that line opens a block of property lines, which may nest;
 * - the closing `}` of a server block must start a line (Caddy: "Unexpected '}'");
 * - snippets `(name) { ... }`, and `import` of snippets (defined earlier), files and globs
 *   (relative to the importing file's directory, through the injected ImportReader);
 *   `import` takes exactly one argument (the fork has no `{args[N]}`).
 *
 * Every problem is a ParseDiagnostic with a position; the parser never throws and keeps
 * going after an error so that the linter can report the rest.
 */
import { posix } from 'node:path';
import type { Block, Corefile, Directive, ImportReader, ParseDiagnostic, ServerBlock, Snippet, Token } from './ast.ts';
import { makeDiagnostic, type ParseDiagnosticCode } from './diagnostics.ts';
import { globTooComplex, hasGlobMeta, MAX_IMPORT_EXPANSIONS, resolveImportPath } from './imports.ts';
import { lexDetailed, type LexedToken } from './lexer.ts';
import { parseServerKey } from './server-key.ts';

export interface ParseOptions {
  /** Name of the main source: a path, '-' or 'configmap kube-system/coredns'. */
  source: string;
  /** Directory that relative imports of the main source are resolved from (default: the source's directory, else '.'). */
  baseDir?: string;
  /** Reads imported files; without it file imports are reported as not followed. */
  reader?: ImportReader;
  /** Environment for `{$VAR}` / `{%VAR%}`; without it placeholders are kept as written. */
  env?: Record<string, string | undefined>;
  /**
   * A directory that exists only inside the CoreDNS pod (the ConfigMap mount, /etc/coredns) while
   * the reader reads another machine's disk: import globs under it that match nothing here are
   * reported as resolved in the pod (info), not as matching nothing.
   */
  podDir?: string;
}

/** Deepest block nesting the parser follows (deeper input is skipped with a diagnostic). */
export const MAX_NESTING = 100;

interface Frame {
  tokens: readonly LexedToken[];
  pos: number;
  /** Import keys (`file:PATH` / `snippet:NAME`) from the main file down to this frame. */
  chain: readonly string[];
  importedBy?: Token;
  /** Index of the last `{` token in `tokens` (-1: none): "does the rest hold a brace?" in O(1). */
  lastOpen: number;
}

interface Item {
  lt: LexedToken;
  token: Token;
  frame: Frame;
}

class TokenStream {
  private readonly frames: Frame[] = [];
  private peeked: Item | undefined;
  prev: Item | undefined;

  push(frame: Frame): void {
    this.frames.push(frame);
    this.peeked = undefined;
  }

  peek(): Item | undefined {
    if (this.peeked) return this.peeked;
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      if (!f) return undefined;
      const lt = f.tokens[f.pos];
      if (lt) {
        const token = f.importedBy ? { ...lt.token, importedBy: f.importedBy } : lt.token;
        this.peeked = { lt, token, frame: f };
        return this.peeked;
      }
      this.frames.pop();
    }
  }

  next(): Item | undefined {
    const item = this.peek();
    if (!item) return undefined;
    item.frame.pos++;
    this.peeked = undefined;
    this.prev = item;
    return item;
  }

  /** Caddy's isNewLine: another file, or a later line than the previous token ends on. */
  isNewLine(item: Item): boolean {
    const p = this.prev;
    if (!p) return true;
    return p.token.file !== item.token.file || p.lt.caddyLine + p.lt.breaks < item.lt.caddyLine;
  }
}

function makeFrame(tokens: readonly LexedToken[], chain: readonly string[], importedBy?: Token): Frame {
  let lastOpen = -1;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i]?.token.text === '{') {
      lastOpen = i;
      break;
    }
  }
  return { tokens, pos: 0, chain, lastOpen, ...(importedBy ? { importedBy } : {}) };
}

type BlockKind = 'server' | 'nested' | 'implicit';

interface SnippetDef {
  tokens: LexedToken[];
  def: Snippet;
}

class Parser {
  readonly stream = new TokenStream();
  readonly diagnostics: ParseDiagnostic[] = [];
  readonly serverBlocks: ServerBlock[] = [];
  readonly snippets = new Map<string, SnippetDef>();
  private readonly seen = new Set<string>();
  private readonly lexCache = new Map<string, LexedToken[]>();
  private snippetExpansions = 0;
  private fileExpansions = 0;
  private depth = 0;

  private readonly opts: ParseOptions & { mainDir: string; expandImports: boolean };
  /** Names of every `(name)` written anywhere in the main text, to explain imports that come before the definition. */
  private readonly snippetNamesAnywhere: ReadonlySet<string>;

  constructor(opts: ParseOptions & { mainDir: string; expandImports: boolean }, snippetNamesAnywhere: ReadonlySet<string>) {
    this.opts = opts;
    this.snippetNamesAnywhere = snippetNamesAnywhere;
  }

  report(code: ParseDiagnosticCode, at: Token, message?: string): void {
    const key = `${code}\u0000${at.file}\u0000${at.line}\u0000${at.column}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(makeDiagnostic(code, at, message));
  }

  // ---------- top level ----------

  parseTop(): void {
    const s = this.stream;
    for (;;) {
      const t = s.peek();
      if (!t) return;
      const text = t.token.text;
      if (text === 'import' && this.opts.expandImports && s.isNewLine(t)) {
        this.doImport();
        continue;
      }
      if (text === '}') {
        s.next();
        this.report('parse-unexpected-close-brace', t.token, `This \`}\` at line ${t.token.line} has no matching \`{\`.`);
        continue;
      }
      if (text === '{') {
        s.next();
        this.report('parse-missing-server-key', t.token);
        this.parseBlock(t.token, 'nested');
        continue;
      }
      const keys = this.readKeys();
      const next = s.peek();
      const first = keys[0];
      if (keys.length === 1 && first && first.text.length >= 2 && first.text.startsWith('(') && first.text.endsWith(')')) {
        this.defineSnippet(first, next);
        continue;
      }
      if (next && next.token.text === '{') {
        s.next();
        const body = this.parseBlock(next.token, 'server');
        this.addServerBlock(keys, body);
        continue;
      }
      if (!first) continue;
      if (!next) {
        // Keys alone at the end: Caddy accepts that as a server block without plugins, but
        // after other blocks it is a stray line.
        if (this.serverBlocks.length === 0 && this.snippets.size === 0) {
          this.addServerBlock(keys, { open: first, directives: [], implicit: true });
        } else {
          this.reportOutside(first);
        }
        continue;
      }
      if (next.frame.lastOpen < next.frame.pos) {
        // No brace in the rest: a server block written without braces, as Caddy allows.
        const body = this.parseBlock(first, 'implicit');
        this.addServerBlock(keys, body);
        continue;
      }
      this.reportOutside(first, next.token);
    }
  }

  /**
   * A line outside any block. Caddy reads it as the keys of a server block written without
   * braces, so the token after it becomes that block's first plugin: CoreDNS fails there
   * ("Unknown directive '.:53'"), and that is where the finding points when it is known.
   */
  private reportOutside(first: Token, after?: Token): void {
    const at = after && after.line > first.line ? after : first;
    this.report(
      'parse-directive-outside-block',
      at,
      at === first
        ? `\`${first.text}\` at line ${first.line} is outside any server block; CoreDNS would read this line as server keys.`
        : `\`${first.text}\` at line ${first.line} is outside any server block: CoreDNS reads it as the key of a block without braces, and \`${at.text}\` here as that block's first plugin ("Unknown directive").`,
    );
  }

  private addServerBlock(keyTokens: Token[], body: Block): void {
    const keys = keyTokens.map((k) => parseServerKey(k));
    for (const k of keys) {
      // A key still holding an unexpanded {$VAR} (e.g. `.:{$DNS_PORT}`) is only known in the pod's
      // environment: not reported, and its `problem` keeps address rules from judging it.
      const unexpanded = k.token.hadEnvPlaceholder === true && /\{\$|\{%/.test(k.token.text);
      if (k.problem !== undefined && !unexpanded) {
        this.report('parse-bad-server-key', k.token, `The server key \`${k.token.text}\` is not valid: ${k.problem}.`);
      } else if (k.warning !== undefined) {
        this.report('parse-server-key-literal-zone', k.token, `The server key \`${k.token.text}\` starts, but: ${k.warning}.`);
      }
    }
    this.serverBlocks.push({ keys, body });
  }

  /** Caddy's `addresses()`: keys up to `{` or the end of the line; a trailing comma continues. */
  private readKeys(): Token[] {
    const s = this.stream;
    const keys: Token[] = [];
    let expecting = false;
    let last: Token | undefined;
    for (;;) {
      const cur = s.peek();
      if (!cur) break;
      const text = cur.token.text;
      if (text === 'import' && this.opts.expandImports && s.isNewLine(cur) && (keys.length === 0 || expecting)) {
        if (keys.length === 0) return keys; // the top level handles it
        this.doImport();
        continue;
      }
      if (text === '{' || text === '}') {
        if (expecting && last) {
          this.report('parse-trailing-comma', last, `The key \`${last.text},\` ends with a comma but \`${text}\` follows instead of another key.`);
        }
        break;
      }
      s.next();
      if (text !== '') {
        let tok = cur.token;
        if (text.endsWith(',')) {
          tok = { ...tok, text: text.slice(0, -1), length: Math.max(0, tok.length - 1) };
          expecting = true;
        } else {
          expecting = false;
        }
        keys.push(tok);
        last = tok;
      }
      const nx = s.peek();
      if (!nx) {
        if (expecting && last) this.report('parse-trailing-comma', last, `The key list ends with a comma after \`${last.text}\` at the end of the input.`);
        break;
      }
      if (!expecting && s.isNewLine(nx)) break;
    }
    return keys;
  }

  private defineSnippet(keyTok: Token, next: Item | undefined): void {
    const s = this.stream;
    const name = keyTok.text.slice(1, -1);
    if (!next || next.token.text !== '{') {
      this.report('parse-snippet-without-block', keyTok, `The snippet \`${keyTok.text}\` has no \`{ ... }\` block.`);
      return;
    }
    s.next();
    const raw: LexedToken[] = [];
    let depth = 1;
    let close: Token | undefined;
    for (;;) {
      const t = s.next();
      if (!t) {
        this.report('parse-unbalanced-brace', next.token, `The \`{\` of snippet \`${keyTok.text}\` at line ${next.token.line} is never closed.`);
        break;
      }
      if (t.token.text === '}') {
        depth--;
        if (depth === 0) {
          close = t.token;
          break;
        }
      } else if (t.token.text === '{') depth++;
      raw.push(t.token === t.lt.token ? t.lt : { ...t.lt, token: t.token });
    }
    // Caddy rejects a snippet that imports itself at the start of a line right away.
    for (let i = 0; i + 1 < raw.length; i++) {
      const a = raw[i];
      const b = raw[i + 1];
      if (!a || !b || a.token.text !== 'import' || b.token.text !== name) continue;
      const prev = raw[i - 1];
      const atLineStart = !prev || prev.token.file !== a.token.file || prev.token.line !== a.token.line;
      if (atLineStart) this.report('import-cycle', a.token, `The snippet \`${name}\` imports itself.`);
    }
    if (this.snippets.has(name)) {
      this.report('parse-duplicate-snippet', keyTok, `The snippet \`${name}\` is already defined; CoreDNS refuses a redeclaration.`);
      return;
    }
    const body = parseSnippetBody(raw, next.token, close);
    this.snippets.set(name, { tokens: raw, def: { name, token: keyTok, body } });
  }

  // ---------- blocks and directives ----------

  parseBlock(open: Token, kind: BlockKind): Block {
    const s = this.stream;
    const directives: Directive[] = [];
    const implicit = kind === 'implicit' ? { implicit: true as const } : {};
    if (this.depth >= MAX_NESTING) {
      this.skipDeep(open);
      return { open, directives, ...implicit };
    }
    this.depth++;
    try {
      for (;;) {
        const t = s.peek();
        if (!t) {
          if (kind !== 'implicit') {
            this.report('parse-unbalanced-brace', open, `The \`{\` at line ${open.line}, column ${open.column} is never closed.`);
          }
          return { open, directives, ...implicit };
        }
        const text = t.token.text;
        if (text === '}') {
          const ownLine = s.isNewLine(t) || s.prev?.token === open;
          s.next();
          if (kind === 'implicit') {
            this.report('parse-missing-open-brace', t.token, `This \`}\` closes the server block \`${open.text}\`, which has no \`{\`.`);
            return { open, directives, implicit: true };
          }
          if (kind === 'server' && !ownLine) {
            this.report(
              'parse-close-brace-same-line',
              t.token,
              `The \`}\` at line ${t.token.line} closes the server block but follows other tokens on its line; CoreDNS stops with "Unexpected '}'".`,
            );
          }
          return { open, close: t.token, directives };
        }
        if (text === 'import' && this.opts.expandImports && (kind !== 'nested' || s.isNewLine(t))) {
          this.doImport();
          continue;
        }
        if (text === '{') {
          s.next();
          this.report('parse-unexpected-open-brace', t.token, `This \`{\` at line ${t.token.line} stands where a plugin name is expected.`);
          this.parseBlock(t.token, 'nested');
          continue;
        }
        directives.push(this.parseDirective());
      }
    } finally {
      this.depth--;
    }
  }

  /** Skips a too-deeply nested block without recursion. */
  private skipDeep(open: Token): void {
    this.report('parse-nesting-too-deep', open);
    let depth = 1;
    for (;;) {
      const t = this.stream.next();
      if (!t) return;
      if (t.token.text === '{') depth++;
      else if (t.token.text === '}' && --depth === 0) return;
    }
  }

  private parseDirective(): Directive {
    const s = this.stream;
    const nameItem = s.next();
    if (!nameItem) throw new Error('parseDirective called at end of input'); // programmer error
    const d: Directive = { name: nameItem.token, args: [] };
    for (;;) {
      const t = s.peek();
      if (!t || s.isNewLine(t)) break;
      const text = t.token.text;
      if (text === '}') break;
      if (text === '{') {
        s.next();
        d.block = this.parseBlock(t.token, 'nested');
        break;
      }
      s.next();
      d.args.push(t.token);
    }
    return d;
  }

  // ---------- imports ----------

  private doImport(): void {
    const s = this.stream;
    const imp = s.next();
    if (!imp) return;
    const args: Item[] = [];
    for (let t = s.peek(); t && !s.isNewLine(t) && t.token.text !== '{' && t.token.text !== '}'; t = s.peek()) {
      args.push(t);
      s.next();
    }
    const first = args[0];
    if (!first) {
      this.report('import-bad-arguments', imp.token, '`import` needs one argument: a snippet name, a file or a glob.');
      return;
    }
    if (args.length > 1) {
      const extra = args[1]?.token ?? imp.token;
      this.report(
        'import-bad-arguments',
        extra,
        `\`import ${first.token.text}\` has ${args.length - 1} extra argument(s); CoreDNS stops with "Import takes only one argument".`,
      );
    }
    const pattern = first.token.text;
    if (pattern === '') {
      this.report('import-bad-arguments', first.token, '`import` needs a non-empty path.');
      return;
    }
    const chain = imp.frame.chain;

    const snippet = this.snippets.get(pattern);
    if (snippet) {
      if (++this.snippetExpansions > MAX_IMPORT_EXPANSIONS) {
        this.report('import-expansion-limit', imp.token, `Snippet imports expand more than ${MAX_IMPORT_EXPANSIONS} times.`);
        return;
      }
      const key = `snippet:${pattern}`;
      if (chain.includes(key)) {
        this.report('import-cycle', imp.token, `Importing the snippet \`${pattern}\` here closes a cycle: ${describeChain([...chain, key])}.`);
        return;
      }
      s.push(makeFrame(snippet.tokens, [...chain, key], imp.token));
      return;
    }

    const looksLikeName = !pattern.includes('/') && !pattern.includes('.') && !hasGlobMeta(pattern);
    const reader = this.opts.reader;
    if (!reader) {
      if (this.snippetNamesAnywhere.has(pattern)) this.reportSnippetLater(first.token, pattern);
      else this.report('import-not-followed', imp.token, `\`import ${pattern}\` was not followed: no file reader is available here.`);
      return;
    }
    const dir = this.dirFor(imp.token.file);
    let matches: string[];
    if (hasGlobMeta(pattern)) {
      const full = resolveImportPath(pattern, dir);
      const bad = globTooComplex(full);
      if (bad) {
        this.report('import-glob-too-complex', first.token, `The import glob ${bad}.`);
        return;
      }
      matches = reader.glob(pattern, dir);
      if (matches.length === 0) {
        const podDir = this.opts.podDir;
        if (podDir !== undefined && full.startsWith(podDir.replace(/\/$/, '') + '/')) {
          this.report(
            'import-resolved-in-pod',
            first.token,
            `\`import ${pattern}\` is resolved inside the CoreDNS pod (${podDir} is where the ConfigMaps are mounted), not on this machine: those files are not linted here.`,
          );
          return;
        }
        this.report('import-glob-no-match', first.token, `No file matches the import glob \`${pattern}\` (in ${dir}); CoreDNS imports nothing here.`);
        return;
      }
    } else {
      matches = [resolveImportPath(pattern, dir)];
    }

    const frames: Frame[] = [];
    for (const path of matches) {
      if (++this.fileExpansions > MAX_IMPORT_EXPANSIONS) {
        this.report('import-expansion-limit', imp.token, `File imports expand more than ${MAX_IMPORT_EXPANSIONS} times.`);
        break;
      }
      const key = `file:${path}`;
      if (chain.includes(key)) {
        this.report('import-cycle', imp.token, `Importing \`${path}\` here closes a cycle: ${describeChain([...chain, key])}.`);
        continue;
      }
      const text = reader.readFile(path);
      if (text === undefined) {
        if (this.snippetNamesAnywhere.has(pattern)) this.reportSnippetLater(first.token, pattern);
        else if (looksLikeName) {
          this.report('import-unknown-snippet', first.token, `No snippet \`(${pattern})\` is defined above this import, and no file ${path} exists.`);
        } else {
          this.report('import-missing-file', first.token, `The imported file ${path} does not exist; CoreDNS stops with "File to import not found".`);
        }
        continue;
      }
      frames.push(makeFrame(this.lexFile(path, text), [...chain, key], imp.token));
    }
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (f) s.push(f);
    }
  }

  private reportSnippetLater(at: Token, name: string): void {
    this.report(
      'import-unknown-snippet',
      at,
      `The snippet \`(${name})\` is defined after this import; CoreDNS only knows snippets defined above their first use.`,
    );
  }

  private dirFor(file: string): string {
    return file === this.opts.source ? this.opts.mainDir : posix.dirname(file);
  }

  lexFile(file: string, text: string): LexedToken[] {
    const cached = this.lexCache.get(file);
    if (cached) return cached;
    const r = lexDetailed(text, { file, ...(this.opts.env ? { env: this.opts.env } : {}) });
    for (const d of r.diagnostics) this.diagnostics.push(d);
    this.checkGluedBraces(r.tokens);
    this.lexCache.set(file, r.tokens);
    return r.tokens;
  }

  checkGluedBraces(tokens: readonly LexedToken[]): void {
    for (const { token } of tokens) {
      const t = token.text;
      if (token.quoted || t.length < 2 || t.startsWith('{{') || t.startsWith('}}') || t.endsWith('}}')) continue;
      if (t.endsWith('{') || t.startsWith('}')) {
        this.report('parse-brace-not-separated', token, `\`${t}\` has a brace glued to it; CoreDNS reads it as one word, not as a brace.`);
      }
    }
  }
}

function describeChain(chain: readonly string[]): string {
  return chain.map((k) => k.replace(/^(file|snippet):/, '')).join(' -> ');
}

/** The tree of a snippet's body, without expanding imports (they expand where the snippet is used). */
function parseSnippetBody(raw: readonly LexedToken[], open: Token, close: Token | undefined): Block {
  const p = new Parser({ source: '', mainDir: '.', expandImports: false }, new Set());
  p.stream.push(makeFrame(raw, []));
  const inner = p.parseBlock(open, 'nested');
  return close ? { open, close, directives: inner.directives } : { open, directives: inner.directives };
}

/** Parses a Corefile. Never throws: every problem is in `diagnostics`. */
export function parseCorefile(text: string, opts: ParseOptions): Corefile {
  const source = opts.source;
  const mainDir = opts.baseDir ?? (isPathLike(source) ? posix.dirname(source) : '.');
  const mainPath = resolveImportPath(isPathLike(source) ? posix.basename(source) : 'Corefile', mainDir);
  const names = new Set<string>();
  const parser = new Parser({ ...opts, mainDir, expandImports: true }, names);
  const tokens = parser.lexFile(source, text);
  for (const { token } of tokens) {
    const t = token.text;
    if (t.length > 2 && t.startsWith('(') && t.endsWith(')')) names.add(t.slice(1, -1));
  }
  parser.stream.push(makeFrame(tokens, [`file:${mainPath}`]));
  parser.parseTop();

  const diagnostics = parser.diagnostics;
  if (parser.serverBlocks.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(
      makeDiagnostic(
        'parse-empty',
        { file: source, line: 1, column: 1 },
        tokens.length === 0 ? 'The Corefile is empty (or only comments): CoreDNS starts with its default `.:53 { whoami; log }` and answers every name with whoami.' : undefined,
      ),
    );
  }
  diagnostics.sort((a, b) => {
    const fa = a.file === source ? 0 : 1;
    const fb = b.file === source ? 0 : 1;
    if (fa !== fb) return fa - fb;
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.line - b.line || a.column - b.column;
  });
  return {
    source,
    text,
    serverBlocks: parser.serverBlocks,
    snippets: [...parser.snippets.values()].map((s) => s.def),
    diagnostics,
  };
}

function isPathLike(source: string): boolean {
  return source !== '-' && source !== '' && !source.includes(' ');
}
