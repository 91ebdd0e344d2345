/**
 * FindingTester: the explain twin of test/lint/rule-tester.ts. Per finding, `fires` and `quiet`
 * scenario tables; each case is a whole ExplainInputs (a fixture cluster plus small edits) run
 * through diagnose(), so a case proves the finding in the real report, message filled in.
 * Before running anything it rejects a finding id not in the registry, a table without fires or
 * quiet cases, a fires case without key words, and duplicate cases.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/explain/diagnose.ts';
import { findingById } from '../../src/explain/findings/index.ts';
import type { ExplainInputs } from '../../src/explain/inputs.ts';
import type { ExplainResult } from '../../src/explain/types.ts';
import type { ExplainFinding, Severity } from '../../src/shared/finding.ts';

export interface QuietCase {
  /** The real-world situation, in a few words; also the test name. */
  name: string;
  inputs: ExplainInputs;
}

export interface FiresCase extends QuietCase {
  /** Words (or patterns) the message of one reported finding must all contain. */
  message: (string | RegExp)[];
  /** Words the hint must contain (optional). */
  hint?: (string | RegExp)[];
  /** Expected severity of that finding (optional). */
  severity?: Severity;
  /** How many times the finding is reported (optional; default: at least once). */
  count?: number;
  /** Extra checks on the whole result (e.g. that this finding is the first error). */
  also?: (r: ExplainResult) => void;
}

export interface FindingCases {
  fires: FiresCase[];
  quiet: QuietCase[];
}

/** Problems with the case table itself (empty = well-formed). Pure, so it can be tested. */
export function checkFindingCases(id: string, cases: FindingCases): string[] {
  const problems: string[] = [];
  if (!findingById(id)) problems.push(`unknown finding id "${id}" (not in src/explain/findings/index.ts)`);
  if (cases.fires.length === 0) problems.push('no fires cases');
  if (cases.quiet.length === 0) problems.push('no quiet cases');
  const names = new Set<string>();
  const bodies = new Map<string, string>();
  for (const c of [...cases.fires, ...cases.quiet]) {
    if (names.has(c.name)) problems.push(`duplicate case name: ${c.name}`);
    names.add(c.name);
    const key = JSON.stringify(c.inputs);
    const other = bodies.get(key);
    if (other !== undefined) problems.push(`duplicate case: "${c.name}" has the same inputs as "${other}"`);
    else bodies.set(key, c.name);
  }
  for (const c of cases.fires) {
    if (!Array.isArray(c.message) || c.message.length === 0) problems.push(`fires case without message key words: ${c.name}`);
  }
  return problems;
}

function contains(text: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? text.includes(want) : want.test(text);
}

/** The findings with this id in the diagnosis of `inputs`. */
export function findingsFor(id: string, inputs: ExplainInputs): { result: ExplainResult; found: ExplainFinding[] } {
  const result = diagnose(inputs);
  return { result, found: result.findings.filter((f) => f.id === id) };
}

/** Describes what fired, for assertion messages. */
function summary(r: ExplainResult): string {
  return r.findings.map((f) => `  ${f.id} (${f.severity}): ${f.message}`).join('\n') || '  (no findings)';
}

export function findingTester(id: string, cases: FindingCases): void {
  describe(id, () => {
    it('has a well-formed case table', () => {
      assert.deepEqual(checkFindingCases(id, cases), []);
    });
    for (const c of cases.fires) {
      it(`fires: ${c.name}`, () => {
        const { result, found } = findingsFor(id, c.inputs);
        assert.ok(found.length > 0, `expected ${id}; the diagnosis had:\n${summary(result)}`);
        if (c.count !== undefined) assert.equal(found.length, c.count, `expected ${id} ${c.count} time(s):\n${summary(result)}`);
        const match = found.find((f) => c.message.every((w) => contains(f.message, w)) && (c.hint ?? []).every((w) => contains(f.hint ?? '', w)));
        assert.ok(match, `no ${id} message contains ${c.message.map(String).join(' + ')}${c.hint ? ` (hint: ${c.hint.map(String).join(' + ')})` : ''}:\n${found.map((f) => `  ${f.message}\n    hint: ${f.hint}`).join('\n')}`);
        assert.doesNotMatch(match.message + (match.hint ?? ''), /\{\{\w+\}\}/, 'an unfilled placeholder');
        assert.doesNotMatch(match.message, /check failed/, 'the check threw');
        if (c.severity) assert.equal(match.severity, c.severity);
        c.also?.(result);
      });
    }
    for (const c of cases.quiet) {
      it(`quiet: ${c.name}`, () => {
        const { result, found } = findingsFor(id, c.inputs);
        assert.deepEqual(found.map((f) => f.message), [], `expected no ${id}; the diagnosis had:\n${summary(result)}`);
      });
    }
  });
}

/** Asserts `id` is the first error of the result (the root cause is reported first). */
export function assertFirstError(r: ExplainResult, id: string): void {
  const errors = r.findings.filter((f) => f.severity === 'error').map((f) => f.id);
  assert.equal(errors[0], id, `expected ${id} first among the errors, got: ${errors.join(', ') || '(none)'}`);
}
