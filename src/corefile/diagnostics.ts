/**
 * Every problem the Corefile lexer/parser can report, as data: a stable id, a severity,
 * a one-sentence summary (used when no more specific message is given, and for docs) and
 * a hint. The linter turns ParseDiagnostics into findings and documents these codes.
 */
import type { DiagnosticSeverity, ParseDiagnostic } from './ast.ts';

export interface DiagnosticSpec {
  code: string;
  severity: DiagnosticSeverity;
  /** One sentence: what is wrong. */
  summary: string;
  /** How to fix it. */
  hint: string;
}

export const PARSE_DIAGNOSTICS = [
  {
    code: 'parse-empty',
    severity: 'error',
    summary: 'The Corefile defines no server block: CoreDNS then starts with its built-in default `.:53 { whoami; log }` and answers every name with whoami, never with the cluster\'s records.',
    hint: 'Restore the server block, e.g. `.:53 { errors; kubernetes cluster.local in-addr.arpa ip6.arpa; forward . /etc/resolv.conf }` (one plugin per line).',
  },
  {
    code: 'parse-binary-input',
    severity: 'error',
    summary: 'The input contains NUL bytes, control characters or invalid UTF-8, so it is not a Corefile.',
    hint: 'Check that you passed the right file (not a compressed or binary file) and that it is saved as UTF-8.',
  },
  {
    code: 'parse-unterminated-quote',
    severity: 'error',
    summary: 'A quoted string is never closed.',
    hint: 'Add the closing quote; inside double quotes only \\" is an escape.',
  },
  {
    code: 'parse-unbalanced-brace',
    severity: 'error',
    summary: 'A `{` is never closed by a matching `}`.',
    hint: 'Add the missing `}`; every server block and plugin block needs one.',
  },
  {
    code: 'parse-unexpected-close-brace',
    severity: 'error',
    summary: 'A `}` has no matching `{`.',
    hint: 'Remove the extra `}` or add the `{` it was meant to close.',
  },
  {
    code: 'parse-close-brace-same-line',
    severity: 'error',
    summary: "A server block's closing `}` follows other tokens on the same line, which CoreDNS rejects with \"Unexpected '}'\".",
    hint: 'Put the closing `}` of the server block on its own line.',
  },
  {
    code: 'parse-unexpected-open-brace',
    severity: 'error',
    summary: 'A `{` stands where a plugin name is expected.',
    hint: 'Put the `{` at the end of the line of the plugin it belongs to, e.g. `kubernetes cluster.local {`.',
  },
  {
    code: 'parse-nesting-too-deep',
    severity: 'error',
    summary: 'Blocks are nested more than 100 levels deep; no Corefile needs that.',
    hint: 'Check for runaway `{` characters; the nested part is skipped.',
  },
  {
    code: 'parse-missing-server-key',
    severity: 'error',
    summary: 'A block has no server key (zone) in front of it, so CoreDNS ignores it.',
    hint: 'Write the zone and port before the `{`, e.g. `.:53 {`.',
  },
  {
    code: 'parse-missing-open-brace',
    severity: 'warning',
    summary: 'A server block has no `{` after its keys but a `}` later closes it.',
    hint: 'Add `{` at the end of the server key line.',
  },
  {
    code: 'parse-directive-outside-block',
    severity: 'error',
    summary: 'A line stands outside any server block; CoreDNS would read it as server keys.',
    hint: 'Move the line inside a server block `ZONE:PORT { ... }` or remove it.',
  },
  {
    code: 'parse-trailing-comma',
    severity: 'error',
    summary: 'The server key list ends with a comma but no further key follows.',
    hint: 'Remove the trailing comma or add the missing key.',
  },
  {
    code: 'parse-bad-server-key',
    severity: 'error',
    summary: 'A server block key is not a valid [SCHEME://]ZONE[:PORT].',
    hint: 'Write keys like `.:53`, `cluster.local:53`, `tls://example.org`, or a CIDR like `10.0.0.0/8` for reverse zones.',
  },
  {
    code: 'parse-server-key-literal-zone',
    severity: 'warning',
    summary: 'A server key has an unknown `scheme://` prefix, which CoreDNS keeps in the zone name: the block starts but never matches a query.',
    hint: 'Use one of dns://, tls://, quic://, grpc://, https://, https3://, or no scheme.',
  },
  {
    code: 'parse-brace-not-separated',
    severity: 'warning',
    summary: 'A brace is glued to a word; CoreDNS only treats `{` and `}` as braces when surrounded by spaces.',
    hint: 'Put a space before `{` (and after `}`), e.g. `forward . 1.1.1.1 {`.',
  },
  {
    code: 'parse-snippet-without-block',
    severity: 'error',
    summary: 'A snippet definition `(name)` is not followed by a `{ ... }` block.',
    hint: 'Write snippets as `(name) { ... }`.',
  },
  {
    code: 'parse-duplicate-snippet',
    severity: 'error',
    summary: 'A snippet is defined twice, which CoreDNS rejects.',
    hint: 'Rename or remove one of the two definitions.',
  },
  {
    code: 'parse-env-unset',
    severity: 'warning',
    summary: 'An environment placeholder names a variable that is not set, so it becomes an empty string.',
    hint: 'Set the variable in the CoreDNS container environment or write the value directly.',
  },
  {
    code: 'import-bad-arguments',
    severity: 'error',
    summary: '`import` takes exactly one non-empty argument: a snippet name, a file or a glob.',
    hint: "CoreDNS's Caddy fork has no snippet arguments ({args[N]} is Caddy v2 syntax); write one import per line.",
  },
  {
    code: 'import-missing-file',
    severity: 'error',
    summary: 'An imported file does not exist, which stops CoreDNS at start-up.',
    hint: 'Fix the path (relative paths are resolved from the importing file) or use a glob, which may match nothing.',
  },
  {
    code: 'import-glob-no-match',
    severity: 'warning',
    summary: 'An import glob matches no file; CoreDNS only logs a warning and imports nothing.',
    hint: 'Check the pattern and that the ConfigMap with the imported files is mounted.',
  },
  {
    code: 'import-resolved-in-pod',
    severity: 'info',
    summary: 'An import glob names the directory where the pod mounts its ConfigMaps (k3s, AKS: /etc/coredns/custom/*.server); it is resolved inside the pod, so a Corefile linted from a file on this machine does not include those files.',
    hint: 'Lint the live cluster (no FILE), or both ConfigMaps from one manifest: kubectl -n kube-system get cm coredns coredns-custom -o yaml > cm.yaml; kubectl dns lint-corefile -f cm.yaml.',
  },
  {
    code: 'import-glob-too-complex',
    severity: 'error',
    summary: 'An import glob has more than one wildcard, which CoreDNS rejects.',
    hint: 'Use a single `*` (or one `?`) and no `[...]` class, e.g. `import custom/*.server`.',
  },
  {
    code: 'import-cycle',
    severity: 'error',
    summary: 'An import imports itself, directly or through other imports.',
    hint: 'Break the cycle: a file or snippet must not import itself.',
  },
  {
    code: 'import-unknown-snippet',
    severity: 'error',
    summary: 'An import names a snippet that is not defined before it (and no such file exists).',
    hint: 'Define `(name) { ... }` above the first import of it; CoreDNS only knows snippets defined earlier.',
  },
  {
    code: 'import-expansion-limit',
    severity: 'error',
    summary: 'Imports expand more than 1000 times, which CoreDNS rejects.',
    hint: 'Reduce nested imports; CoreDNS caps snippet and file expansions at 1000 each.',
  },
  {
    code: 'import-not-followed',
    severity: 'warning',
    summary: 'An import of files could not be followed because no file reader was available here.',
    hint: 'Lint the files the import names as well, or lint from the cluster so that the import ConfigMaps are read.',
  },
] as const satisfies readonly DiagnosticSpec[];

export type ParseDiagnosticCode = (typeof PARSE_DIAGNOSTICS)[number]['code'];

const BY_CODE: ReadonlyMap<string, DiagnosticSpec> = new Map(PARSE_DIAGNOSTICS.map((d) => [d.code, d]));

export function diagnosticSpec(code: ParseDiagnosticCode): DiagnosticSpec {
  const spec = BY_CODE.get(code);
  if (!spec) throw new Error(`unknown parse diagnostic code ${code}`);
  return spec;
}

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Builds a diagnostic from the table; `message` replaces the summary when more specific. */
export function makeDiagnostic(code: ParseDiagnosticCode, at: SourcePosition, message?: string): ParseDiagnostic {
  const spec = diagnosticSpec(code);
  return {
    code,
    severity: spec.severity,
    message: message ?? spec.summary,
    hint: spec.hint,
    file: at.file,
    line: at.line,
    column: at.column,
  };
}
