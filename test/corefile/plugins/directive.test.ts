import { test } from 'node:test';
import assert from 'node:assert/strict';
import { directive } from './directive.ts';

test('directive helper keeps positions, args and nested blocks', () => {
  const d = directive('kubernetes cluster.local {\n    pods insecure\n    ttl 30\n}');
  assert.equal(d.name.text, 'kubernetes');
  assert.deepEqual(d.args.map((a) => a.text), ['cluster.local']);
  assert.equal(d.block?.directives.length, 2);
  const ttl = d.block!.directives[1]!;
  assert.deepEqual([ttl.name.line, ttl.name.column, ttl.args[0]!.text], [3, 5, '30']);
});
