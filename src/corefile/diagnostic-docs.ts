/**
 * A failing and a fixed example for every parse/import diagnostic id (docs/rules/<id>.md is
 * generated from these and PARSE_DIAGNOSTICS; test/lint/docs.test.ts checks that `bad` yields the
 * id and `good` does not). Data only. Import examples read `files` (absolute paths), with the
 * Corefile in /etc/coredns as the ConfigMap mounts it; `env` is the process environment.
 */
import type { ParseDiagnosticCode } from './diagnostics.ts';

export interface DiagnosticExample {
  bad: string;
  good: string;
  files?: Record<string, string>;
  env?: Record<string, string>;
  /** Where the behaviour was checked or is modelled from. */
  source: string;
}

const K = '    kubernetes cluster.local in-addr.arpa ip6.arpa\n';

export const DIAGNOSTIC_EXAMPLES: Readonly<Record<ParseDiagnosticCode, DiagnosticExample>> = {
  'parse-empty': {
    bad: '# the ConfigMap key is there, its content got lost\n',
    good: `.:53 {\n    errors\n${K}    forward . /etc/resolv.conf\n}\n`,
    source: 'core/dnsserver/register.go DefaultInput; checked with CoreDNS 1.15.0 (an empty file starts `.:53 { whoami; log }`)',
  },
  'parse-binary-input': {
    bad: '.:53 {\n    forward . 8.8.8.8\u0000\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8\n}\n',
    source: 'kubectl-dns input check (a Corefile is UTF-8 text)',
  },
  'parse-unterminated-quote': {
    bad: '.:53 {\n    forward . "/etc/resolv.conf\n    cache 30\n}\n',
    good: '.:53 {\n    forward . "/etc/resolv.conf"\n    cache 30\n}\n',
    source: 'coredns/caddy caddyfile lexer; CoreDNS 1.15.0: "Syntax error: Unexpected token ... expecting \'}\'"',
  },
  'parse-unbalanced-brace': {
    bad: `.:53 {\n    kubernetes cluster.local {\n        pods insecure\n    forward . /etc/resolv.conf\n}\n`,
    good: `.:53 {\n    kubernetes cluster.local {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n}\n`,
    source: 'coredns/caddy caddyfile parser (EOF inside a block)',
  },
  'parse-unexpected-close-brace': {
    bad: '.:53 {\n    forward . 8.8.8.8\n}\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8\n}\n',
    source: 'coredns/caddy caddyfile parser',
  },
  'parse-close-brace-same-line': {
    bad: '.:53 {\n    forward . 8.8.8.8 }\n',
    good: '.:53 {\n    forward . 8.8.8.8\n}\n',
    source: 'coredns/caddy caddyfile parser ("Unexpected \'}\' because no matching opening brace")',
  },
  'parse-unexpected-open-brace': {
    bad: '.:53 {\n    {\n        forward . 8.8.8.8\n    }\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8\n}\n',
    source: 'coredns/caddy caddyfile parser ("Unexpected \'{\'")',
  },
  'parse-nesting-too-deep': {
    bad: `.:53 {\n    hosts ${'{ '.repeat(101)}${'} '.repeat(101)}\n}\n`,
    good: '.:53 {\n    hosts {\n        fallthrough\n    }\n}\n',
    source: 'kubectl-dns parser bound (100 levels)',
  },
  'parse-missing-server-key': {
    bad: '{\n    forward . 8.8.8.8\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8\n}\n',
    source: 'coredns/caddy caddyfile parser',
  },
  'parse-missing-open-brace': {
    bad: '.:53\n    forward . 8.8.8.8\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8\n}\n',
    source: 'coredns/caddy caddyfile parser',
  },
  'parse-directive-outside-block': {
    bad: '.:53 {\n    forward . 8.8.8.8\n}\ncache 30\n.:54 {\n    whoami\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8\n    cache 30\n}\n.:54 {\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser; CoreDNS 1.15.0: ":5 - Unknown directive \'.:54\'"',
  },
  'parse-trailing-comma': {
    bad: 'example.org, {\n    whoami\n}\n',
    good: 'example.org {\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser (addresses)',
  },
  'parse-bad-server-key': {
    bad: '.:5353x {\n    whoami\n}\n',
    good: '.:5353 {\n    whoami\n}\n',
    source: 'core/dnsserver/register.go; CoreDNS 1.15.0 refuses ".:", "::" ("expecting data after last colon") and ".:70000" ("invalid port")',
  },
  'parse-server-key-literal-zone': {
    bad: 'udp://.:53 {\n    whoami\n}\n',
    good: 'dns://.:53 {\n    whoami\n}\n',
    source: 'plugin/pkg/parse/transport.go; CoreDNS 1.15.0 starts and warns \'Domain "udp://." does not follow RFC1035\'',
  },
  'parse-brace-not-separated': {
    bad: '.:53 {\n    forward . 8.8.8.8{\n        policy sequential\n    }\n}\n',
    good: '.:53 {\n    forward . 8.8.8.8 {\n        policy sequential\n    }\n}\n',
    source: 'coredns/caddy caddyfile lexer (braces are tokens only when separated)',
  },
  'parse-snippet-without-block': {
    bad: '(common)\n.:53 {\n    whoami\n}\n',
    good: '(common) {\n    errors\n}\n.:53 {\n    import common\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser (snippets)',
  },
  'parse-duplicate-snippet': {
    bad: '(common) {\n    errors\n}\n(common) {\n    log\n}\n.:53 {\n    import common\n    whoami\n}\n',
    good: '(common) {\n    errors\n    log\n}\n.:53 {\n    import common\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser ("redeclaration of previously declared snippet")',
  },
  'parse-env-unset': {
    bad: '.:53 {\n    forward . {$UPSTREAM}\n}\n',
    good: '.:53 {\n    forward . {$UPSTREAM}\n}\n',
    env: {},
    source: 'coredns/caddy caddyfile parser (environment placeholders); the fixed example is linted with UPSTREAM set',
  },
  'import-bad-arguments': {
    bad: '.:53 {\n    import\n    whoami\n}\n',
    good: '.:53 {\n    import /etc/coredns/custom/*.override\n    whoami\n}\n',
    files: { '/etc/coredns/custom/log.override': 'log\n' },
    source: 'coredns/caddy caddyfile parser (doImport: "Import takes only one argument")',
  },
  'import-missing-file': {
    bad: '.:53 {\n    import extra.conf\n    whoami\n}\n',
    good: '.:53 {\n    import extra.conf\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser ("File to import not found"); the fixed example has /etc/coredns/extra.conf',
  },
  'import-glob-no-match': {
    bad: '.:53 {\n    import /etc/coredns/custom/*.override\n    whoami\n}\n',
    good: '.:53 {\n    import /etc/coredns/custom/*.override\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser (a glob without matches only logs); the fixed example has a matching file',
  },
  'import-resolved-in-pod': {
    bad: 'import /etc/coredns/custom/*.server\n.:53 {\n    whoami\n}\n',
    good: '.:53 {\n    whoami\n}\n',
    source: 'k3s and AKS mount ConfigMap coredns-custom at /etc/coredns/custom; the glob is matched in the pod (CoreDNS only logs when nothing matches)',
  },
  'import-glob-too-complex': {
    bad: '.:53 {\n    import /etc/coredns/*/*.override\n    whoami\n}\n',
    good: '.:53 {\n    import /etc/coredns/custom/*.override\n    whoami\n}\n',
    files: { '/etc/coredns/custom/log.override': 'log\n' },
    source: 'coredns/caddy caddyfile parser ("Glob pattern may only contain one wildcard (*), but at the end of the path")',
  },
  'import-cycle': {
    bad: 'import a.conf\n.:53 {\n    whoami\n}\n',
    good: 'import a.conf\n.:53 {\n    whoami\n}\n',
    files: { '/etc/coredns/a.conf': 'import b.conf\n', '/etc/coredns/b.conf': 'import a.conf\n' },
    source: 'checked with CoreDNS 1.15.0: it hangs at start-up and never serves (broken/import-cycle.Corefile); the fixed example imports files without a cycle',
  },
  'import-unknown-snippet': {
    bad: '.:53 {\n    import common\n    whoami\n}\n',
    good: '(common) {\n    errors\n}\n.:53 {\n    import common\n    whoami\n}\n',
    source: 'coredns/caddy caddyfile parser (an unknown snippet name is looked up as a file)',
  },
  'import-expansion-limit': {
    bad: `(a) {\n    whoami\n}\n${Array.from({ length: 10 }, (_, i) => `(s${i}) {\n${`    import ${i === 0 ? 'a' : `s${i - 1}`}\n`.repeat(4)}}\n`).join('')}.:53 {\n    import s9\n}\n`,
    good: '(a) {\n    whoami\n}\n.:53 {\n    import a\n}\n',
    source: 'coredns/caddy caddyfile parser (import expansion bounded at 10000 tokens); kubectl-dns bounds expansions at 1000',
  },
  'import-not-followed': {
    bad: '.:53 {\n    import /etc/coredns/custom/*.override\n    whoami\n}\n',
    good: '.:53 {\n    whoami\n}\n',
    source: 'kubectl-dns: no file reader was given (library use); the CLI always passes one',
  },
};

/** Fixed-example inputs that differ from the failing one only in the files or environment. */
export const DIAGNOSTIC_GOOD_CONTEXT: Readonly<Partial<Record<ParseDiagnosticCode, { files?: Record<string, string>; env?: Record<string, string> }>>> = {
  'parse-env-unset': { env: { UPSTREAM: '10.0.0.2' } },
  'import-missing-file': { files: { '/etc/coredns/extra.conf': 'log\n' } },
  'import-glob-no-match': { files: { '/etc/coredns/custom/log.override': 'log\n' } },
  'import-cycle': { files: { '/etc/coredns/a.conf': 'import b.conf\n', '/etc/coredns/b.conf': '# nothing\n' } },
};
