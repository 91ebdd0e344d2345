/**
 * What "the linter agrees with the real CoreDNS" means, as data and one pure function:
 * CoreDNS does not start (exits non-zero, or hangs without its banner) ⇔ the linter reports a
 * start-up error; when CoreDNS names a line, a finding is on that line, with a rule the CoreDNS
 * error text maps to (CAUSES).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { lintCorefile } from '../../src/lint/linter.ts';
import { diskReader } from '../../src/cli/lint-corefile.ts';
import type { LintFinding } from '../../src/shared/finding.ts';
import type { CorednsOutcome } from './coredns-run.ts';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'corefiles');

/** Runs at once: most wait (the kubernetes plugin's 5 s API wait), few use CPU. */
export const CONCURRENCY = 24;

/**
 * CoreDNS's fatal error text -> the rule ids that report that cause. First match wins.
 * Texts from coredns/caddy caddyfile (parse, import), core/dnsserver (keys, listeners) and
 * each plugin's setup.go.
 */
export const CAUSES: readonly { re: RegExp; rules: readonly string[] }[] = [
  { re: /Unknown directive '/, rules: ['unknown-plugin', 'plugin-removed', 'plugin-not-yet-available', 'parse-directive-outside-block'] },
  { re: /this plugin can only be used once|can only be used once per Server Block/, rules: ['plugin-repeated'] },
  { re: /import cycle|Import cycle/i, rules: ['import-cycle'] },
  { re: /File to import not found|no matching files|Could not find matching files/i, rules: ['import-missing-file', 'import-glob-no-match'] },
  { re: /Unexpected next token after '\{' on same line|Unexpected '\{' on a new line/, rules: ['parse-unexpected-open-brace', 'parse-close-brace-same-line'] },
  { re: /Syntax error: Unexpected token '[^']*\s[^']*', expecting/, rules: ['parse-unterminated-quote'] },
  { re: /Unexpected EOF|unmatched open curly brace|unexpected line ending|Wrong argument count|expecting '\}'/, rules: ['plugin-args', 'parse-unbalanced-brace', 'parse-unterminated-quote', 'property-arg-count'] },
  { re: /Unexpected token '\}'|unexpected close curly brace/i, rules: ['parse-unexpected-close-brace'] },
  { re: /error inspecting server blocks|invalid port|expecting data after last colon/, rules: ['parse-bad-server-key'] },
  { re: /cannot serve .* multiple times|duplicate|already (defined|in use)|address already in use/i, rules: ['duplicate-server-address'] },
  { re: /not a valid (domain|zone|address)|invalid (server )?(zone|address|key)|unable to parse|unsupported protocol|Invalid address/i, rules: ['parse-bad-server-key', 'plugin-args'] },
  { re: /kubernetes plugin not loaded/, rules: ['k8s-external-without-kubernetes'] },
  { re: /quic: tls.Config not set|DoH3 requires TLS/, rules: ['transport-without-tls'] },
  { re: /no rule type specified for rewrite|invalid selector=|for a name rule|answer rule/, rules: ['plugin-args'] },
  { re: /plugin\/[\w_]+:/, rules: ['plugin-args', 'option-removed'] },
  { re: /Error during parsing/, rules: ['plugin-args', 'option-removed'] },
];

/** Error rules that model a Corefile that starts but serves wrong (not a refusal): CoreDNS starts with them. */
export const RUNTIME_ERROR_RULES: Readonly<Record<string, string>> = {
  'parse-empty': 'CoreDNS starts with its built-in default `.:53 { whoami; log }` (core/dnsserver/register.go DefaultInput): every name gets a whoami answer',
  'forward-loop-to-self': 'CoreDNS starts; the forwarding loop shows on the first query (and the loop plugin then exits)',
  'hosts-without-fallthrough': 'CoreDNS starts; the cluster zone is answered by hosts alone',
  'kubernetes-zone-mismatch': 'CoreDNS starts; the cluster domain is not served',
  'missing-health': 'CoreDNS starts; the Deployment probe then kills it',
  'missing-ready': 'CoreDNS starts; the Deployment probe never sees it ready',
};

/**
 * Explained exceptions: fixture path (relative to test/fixtures/corefiles) [@version] -> why
 * the linter and CoreDNS may disagree there. Keep this short; each entry says why it cannot be fixed.
 */
export const EXCEPTIONS: Readonly<Record<string, string>> = {
  'real-world/k8s-gateway.Corefile':
    'k8s_gateway is an external plugin compiled into the k8s-gateway image; stock CoreDNS refuses it, the linter names it as external (warning) because that Corefile only runs in that build',
};

/** Fatal texts that depend on this machine, not on the Corefile: a file the pod has and this machine does not. */
export const ENVIRONMENT: readonly { re: RegExp; why: string }[] = [
  { re: /no such file or directory/, why: 'a file the Corefile names (key, certificate, zone file, database) exists in the pod, not on this machine' },
  { re: /bind: cannot assign requested address/, why: 'the address belongs to an interface of the node (node-local-dns adds 169.254.20.10 to its own dummy interface); the test namespace has only loopback' },
  { re: /failed to resolve .*(network is unreachable|no such host|connection refused)/, why: 'forward resolves an upstream host name at start-up (1.15): the pod has DNS, the test namespace reaches nothing' },
];

export function corefiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corefiles(p));
    else if (name.endsWith('.Corefile')) out.push(p);
  }
  return out;
}

export function lint(path: string, version: string): LintFinding[] {
  const corefile = parseCorefile(readFileSync(path, 'utf8'), { source: path, baseDir: dirname(path), reader: diskReader() });
  return lintCorefile(corefile, { corednsVersion: version });
}

const show = (f: LintFinding): string => `${f.file ? `${f.file}:` : ''}${f.line}:${f.column} ${f.rule} ${f.message}`;

/** The disagreement between CoreDNS and the linter on one fixture, or null when they agree. */
export function disagreement(path: string, outcome: CorednsOutcome, findings: LintFinding[]): string | null {
  const errors = findings.filter((f) => f.severity === 'error' && !(f.rule in RUNTIME_ERROR_RULES));
  if (outcome.status === 'harness-error') return `harness failed: ${outcome.error}`;
  if (outcome.status === 'started') {
    return errors.length ? `CoreDNS starts, the linter reports: ${errors.map(show).join(' | ')}` : null;
  }
  if (outcome.status === 'silent') {
    return errors.length ? null : `CoreDNS hangs without serving (no banner within the bound), the linter reports no error`;
  }
  const fatal = outcome.error ?? '';
  // The refusal comes from this machine, not the Corefile: the pod would start. The linter must not guess it.
  if (ENVIRONMENT.some((e) => e.re.test(fatal))) {
    return errors.length ? `CoreDNS refuses for an environment reason (${fatal}), the linter reports: ${errors.map(show).join(' | ')}` : null;
  }
  if (!errors.length) return `CoreDNS refuses (${fatal}), the linter reports no error`;
  const cause = CAUSES.find((c) => c.re.test(fatal));
  if (!cause) return `unmapped CoreDNS error (add it to CAUSES): ${fatal}`;
  const sameFile = (f: LintFinding): boolean => resolve(dirname(path), f.file ?? path) === (outcome.file ?? path);
  const matching = errors.filter((f) => cause.rules.includes(f.rule) && (outcome.line === undefined || (sameFile(f) && f.line === outcome.line)));
  if (!matching.length) {
    return `CoreDNS refuses at ${outcome.file ? relative(FIXTURES, outcome.file) : '?'}:${outcome.line ?? '?'} (${fatal}); expected one of ${cause.rules.join(', ')} there, the linter reports: ${errors.map(show).join(' | ')}`;
  }
  return null;
}

