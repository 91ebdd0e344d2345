import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { allDirectives, forEachDirective, pluginsNamed, tokensOf, zonesOf } from '../../src/corefile/walk.ts';

const cf = parseCorefile('.:53 10.0.0.0/16 {\n  kubernetes cluster.local {\n    pods insecure\n  }\n  forward . 1.1.1.1\n}\n', { source: 'C' });

test('walk: allDirectives is depth first in source order', () => {
  assert.deepEqual(allDirectives(cf.serverBlocks[0]!.body).map((d) => d.name.text), ['kubernetes', 'pods', 'forward']);
});

test('walk: forEachDirective gives depth and parent', () => {
  const seen: string[] = [];
  forEachDirective(cf, (d, ctx) => seen.push(`${d.name.text}@${ctx.depth}<${ctx.parent?.name.text ?? '-'}`));
  assert.deepEqual(seen, ['kubernetes@0<-', 'pods@1<kubernetes', 'forward@0<-']);
});

test('walk: pluginsNamed, zonesOf, tokensOf', () => {
  const sb = cf.serverBlocks[0]!;
  assert.equal(pluginsNamed(sb, 'forward').length, 1);
  assert.deepEqual(zonesOf(sb), ['.', '0.10.in-addr.arpa.']);
  assert.deepEqual(
    tokensOf(cf).map((t) => t.text),
    ['.:53', '10.0.0.0/16', '{', 'kubernetes', 'cluster.local', '{', 'pods', 'insecure', '}', 'forward', '.', '1.1.1.1', '}'],
  );
});
