/**
 * A small RuleTester in the manner of ESLint's: `valid` and `invalid` case tables per rule,
 * run with node:test. It rejects error-less invalid cases, duplicate cases and unknown
 * messageIds before running anything, so a broken table cannot pass silently.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { createRuleContext, runRule } from '../../src/lint/linter.ts';
import type { DocsLintOptions, Rule, RuleReport } from '../../src/lint/rule.ts';
import { memoryReader } from '../../src/lint/inputs.ts';

export interface ValidCase {
  /** A Corefile. */
  code: string;
  /** Optional label; defaults to the first line of the Corefile. */
  name?: string;
  options?: DocsLintOptions;
  /** Files CoreDNS would see (absolute paths), for `import`. */
  files?: Record<string, string>;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  data?: Record<string, string | number>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** Problems with the case table itself (empty = well-formed). Pure, so the tester can be tested. */
export function checkCaseTable(rule: Rule, cases: RuleCases): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const all: (ValidCase | InvalidCase)[] = [...cases.valid, ...cases.invalid];
  for (const c of all) {
    const key = JSON.stringify([c.code, c.options ?? null, c.files ?? null]);
    if (seen.has(key)) problems.push(`duplicate case: ${label(c)}`);
    seen.add(key);
  }
  for (const c of cases.invalid) {
    if (!Array.isArray(c.errors) || c.errors.length === 0) problems.push(`invalid case without errors: ${label(c)}`);
    for (const e of c.errors ?? []) {
      if (!(e.messageId in rule.meta.messages)) problems.push(`unknown messageId "${e.messageId}" in: ${label(c)}`);
    }
  }
  if (cases.valid.length === 0) problems.push('no valid cases');
  if (cases.invalid.length === 0) problems.push('no invalid cases');
  return problems;
}

function label(c: ValidCase): string {
  return c.name ?? c.code.split('\n').find((l) => l.trim() !== '')?.trim() ?? '(empty)';
}

/** Runs one rule over one Corefile: its reports, sorted by position. */
export function reportsFor(rule: Rule, c: ValidCase): RuleReport[] {
  const corefile = parseCorefile(c.code, {
    source: 'Corefile',
    baseDir: '/etc/coredns',
    reader: memoryReader(c.files ?? {}),
  });
  const ctx = createRuleContext(corefile, c.options ?? {});
  const r = runRule(rule, ctx);
  if (!r.ok) throw new Error(`rule ${rule.meta.id} threw: ${r.error}`);
  return r.value.slice().sort((a, b) => pos(a).line - pos(b).line || pos(a).column - pos(b).column);
}

function pos(r: RuleReport): { line: number; column: number } {
  return r.token ?? r.position ?? { line: 1, column: 1 };
}

export function ruleTester(rule: Rule, cases: RuleCases): void {
  describe(rule.meta.id, () => {
    it('has a well-formed case table', () => {
      assert.deepEqual(checkCaseTable(rule, cases), []);
    });
    for (const c of cases.valid) {
      it(`valid: ${label(c)}`, () => {
        const reports = reportsFor(rule, c);
        assert.deepEqual(
          reports.map((r) => ({ messageId: r.messageId, ...pos(r) })),
          [],
          `expected no ${rule.meta.id} finding`,
        );
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${label(c)}`, () => {
        const reports = reportsFor(rule, c);
        const actual = reports.map((r, i) => {
          const want = c.errors[i];
          const got: Record<string, unknown> = { messageId: r.messageId, line: pos(r).line, column: pos(r).column };
          if (want?.data) got['data'] = Object.fromEntries(Object.keys(want.data).map((k) => [k, r.data?.[k]]));
          return got;
        });
        assert.deepEqual(actual, c.errors);
      });
    }
  });
}
