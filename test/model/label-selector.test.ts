import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesSelector, matchesMapSelector } from '../../src/model/label-selector.ts';

test('matchesSelector follows metav1 semantics', () => {
  const labels = { app: 'web', tier: 'frontend' };
  const cases: [Parameters<typeof matchesSelector>[0], boolean][] = [
    [{}, true],
    [{ matchLabels: { app: 'web' } }, true],
    [{ matchLabels: { app: 'db' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'edge'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, false],
    [{ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['x'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] }, false],
  ];
  for (const [selector, expected] of cases) assert.equal(matchesSelector(selector, labels), expected, JSON.stringify(selector));
});

test('an empty Service selector selects nothing', () => {
  assert.equal(matchesMapSelector({}, { app: 'web' }), false);
  assert.equal(matchesMapSelector(undefined, { app: 'web' }), false);
  assert.equal(matchesMapSelector({ app: 'web' }, { app: 'web', x: 'y' }), true);
});
