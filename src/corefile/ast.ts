/**
 * The Corefile syntax tree. Produced by `parseCorefile` (parser.ts); consumed by the
 * plugin specs (plugins/*.ts), the linter and the server-block matcher.
 *
 * Every token keeps the file it came from and its 1-based line and column, so a finding
 * can point into an imported file as well as into the Corefile itself.
 */

/** One lexer token (CoreDNS/Caddy grammar: words, quoted strings, `{`, `}`). */
export interface Token {
  /** The token's value with quotes removed and escapes resolved. */
  text: string;
  /** Source name: the Corefile's own name, or the imported file's path. */
  file: string;
  line: number;
  column: number;
  /** True when the token was written in double quotes or backquotes. */
  quoted: boolean;
  /** Length of the raw token text in the source (for carets / end columns). */
  length: number;
  /** Set when this token was brought in by `import` (the import directive's token). */
  importedBy?: Token;
  /** Set when the text contained environment placeholders ({$VAR} / {%VAR%}) that were substituted. */
  hadEnvPlaceholder?: boolean;
}

/** Transport schemes CoreDNS accepts in server block keys. */
export type Scheme = 'dns' | 'tls' | 'https' | 'grpc' | 'quic' | 'https3';

/** One server block key, e.g. `.:53`, `cluster.local:53`, `tls://example.org`, `10.0.0.0/24`. */
export interface ServerKey {
  token: Token;
  scheme: Scheme;
  /**
   * The zones this key stands for, as FQDNs (lower-case, trailing dot). Usually one;
   * a CIDR key expands to its reverse zones (e.g. `10.0.0.0/24` -> `0.0.10.in-addr.arpa.`).
   */
  zones: string[];
  /** Explicit port, or the scheme's default (dns 53, tls 853, https 443, grpc 443, quic 853). */
  port: number;
  /** True when the port was written in the key. */
  explicitPort: boolean;
  /** Parse problem with this key (bad port, bad CIDR, unknown scheme); undefined when fine. */
  problem?: string;
  /** Something CoreDNS accepts but reads otherwise than intended (e.g. an unknown scheme taken into the zone name). */
  warning?: string;
}

/**
 * A directive: a plugin line at the top of a server block (`forward . /etc/resolv.conf`),
 * or a property line inside a plugin's block (`pods insecure`). Blocks may nest.
 */
export interface Directive {
  name: Token;
  args: Token[];
  /** The `{ ... }` block that follows the directive on the same line, if any. */
  block?: Block;
}

export interface Block {
  open: Token;
  /** Missing when the block was never closed (a parse diagnostic is reported), or when `implicit`. */
  close?: Token;
  directives: Directive[];
  /**
   * True for a server block written without braces (Caddy allows `.:53` followed by plugin
   * lines up to the end of the file). `open` then points at the block's first key.
   */
  implicit?: boolean;
}

export interface ServerBlock {
  keys: ServerKey[];
  /** Body of the server block; `close` missing when unbalanced. */
  body: Block;
}

/** A snippet definition `(name) { ... }`. */
export interface Snippet {
  name: string;
  token: Token;
  body: Block;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem met while reading the Corefile: never an exception, always a position. */
export interface ParseDiagnostic {
  /** Stable id, e.g. `parse-unbalanced-brace`, `parse-unterminated-quote`, `import-cycle`. */
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  hint?: string;
  file: string;
  line: number;
  column: number;
}

export interface Corefile {
  /** Name of the main source: a path, '-' or 'configmap kube-system/coredns'. */
  source: string;
  /** The main text as given. */
  text: string;
  serverBlocks: ServerBlock[];
  snippets: Snippet[];
  diagnostics: ParseDiagnostic[];
}

/**
 * How the parser reads imported files: injected so that the parser stays pure.
 * `glob` returns the matching paths (sorted) for a pattern relative to `baseDir`.
 */
export interface ImportReader {
  readFile(path: string): string | undefined;
  glob(pattern: string, baseDir: string): string[];
}
