import { test } from 'node:test';
import assert from 'node:assert/strict';
import rule from '../../src/lint/rules/no-cache.ts';
import { checkCaseTable, reportsFor } from './rule-tester.ts';

const GOOD = '.:53 {\n    kubernetes cluster.local\n    cache 30\n}\n';
const BAD = '.:53 {\n    kubernetes cluster.local\n}\n';

test('rejects an invalid case without errors', () => {
  const problems = checkCaseTable(rule, { valid: [{ code: GOOD }], invalid: [{ code: BAD, errors: [] }] });
  assert.ok(problems.some((p) => p.startsWith('invalid case without errors')));
});

test('rejects duplicate cases, across valid and invalid too', () => {
  const problems = checkCaseTable(rule, {
    valid: [{ code: GOOD }, { code: GOOD, name: 'again' }],
    invalid: [{ code: BAD, errors: [{ messageId: 'noCache', line: 1, column: 1 }] }],
  });
  assert.ok(problems.some((p) => p.startsWith('duplicate case')));
});

test('rejects unknown messageIds', () => {
  const problems = checkCaseTable(rule, { valid: [{ code: GOOD }], invalid: [{ code: BAD, errors: [{ messageId: 'nope', line: 1, column: 1 }] }] });
  assert.deepEqual(problems, ['unknown messageId "nope" in: .:53 {']);
});

test('accepts a well-formed table', () => {
  assert.deepEqual(
    checkCaseTable(rule, { valid: [{ code: GOOD }], invalid: [{ code: BAD, errors: [{ messageId: 'noCache', line: 1, column: 1 }] }] }),
    [],
  );
});

test('reportsFor runs only the given rule', () => {
  assert.deepEqual(reportsFor(rule, { code: BAD }).map((r) => r.messageId), ['noCache']);
  assert.deepEqual(reportsFor(rule, { code: GOOD }), []);
});
