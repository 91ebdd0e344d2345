import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFindingCases, findingsFor } from './finding-tester.ts';
import { inputs, scaleCoreDns, withNodes } from './scenario.ts';

const b = withNodes();
const ok = inputs('web.shop', b);
const down = inputs('web.shop', scaleCoreDns(b));

test('a well-formed table has no problems', () => {
  assert.deepEqual(checkFindingCases('coredns-scaled-to-zero', { fires: [{ name: 'down', inputs: down, message: ['scaled to 0'] }], quiet: [{ name: 'up', inputs: ok }] }), []);
});

test('rejects a finding id that is not in the registry', () => {
  const p = checkFindingCases('coredns-on-fire', { fires: [{ name: 'down', inputs: down, message: ['x'] }], quiet: [{ name: 'up', inputs: ok }] });
  assert.deepEqual(p, ['unknown finding id "coredns-on-fire" (not in src/explain/findings/index.ts)']);
});

test('rejects a table without fires or quiet cases', () => {
  assert.deepEqual(checkFindingCases('ndots-cost', { fires: [], quiet: [] }), ['no fires cases', 'no quiet cases']);
});

test('rejects duplicate cases: same inputs under another name, and a repeated name', () => {
  const p = checkFindingCases('coredns-scaled-to-zero', {
    fires: [
      { name: 'down', inputs: down, message: ['scaled'] },
      { name: 'down again', inputs: inputs('web.shop', scaleCoreDns(b)), message: ['scaled'] },
    ],
    quiet: [
      { name: 'up', inputs: ok },
      { name: 'up', inputs: inputs('web', b) },
    ],
  });
  assert.deepEqual(p, ['duplicate case: "down again" has the same inputs as "down"', 'duplicate case name: up']);
});

test('rejects a fires case without key words', () => {
  const p = checkFindingCases('coredns-scaled-to-zero', { fires: [{ name: 'down', inputs: down, message: [] }], quiet: [{ name: 'up', inputs: ok }] });
  assert.deepEqual(p, ['fires case without message key words: down']);
});

test('findingsFor runs the whole diagnosis and filters by id', () => {
  assert.equal(findingsFor('coredns-scaled-to-zero', down).found.length, 1);
  assert.equal(findingsFor('coredns-scaled-to-zero', ok).found.length, 0);
});
