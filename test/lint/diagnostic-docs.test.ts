/**
 * Every parse/import diagnostic id has a documented failing and fixed example
 * (src/corefile/diagnostic-docs.ts, rendered into docs/rules/<id>.md): the failing one yields the
 * id, the fixed one does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { PARSE_DIAGNOSTICS } from '../../src/corefile/diagnostics.ts';
import { DIAGNOSTIC_EXAMPLES, DIAGNOSTIC_GOOD_CONTEXT } from '../../src/corefile/diagnostic-docs.ts';
import { memoryReader } from '../../src/lint/inputs.ts';

function codes(text: string, code: string, files: Record<string, string> = {}, env?: Record<string, string>): string[] {
  const cf = parseCorefile(text, {
    source: '/etc/coredns/Corefile',
    baseDir: '/etc/coredns',
    ...(code === 'import-not-followed' ? {} : { reader: memoryReader(files) }),
    ...(env ? { env } : {}),
    ...(code === 'import-resolved-in-pod' ? { podDir: '/etc/coredns' } : {}),
  });
  return cf.diagnostics.map((d) => d.code);
}

for (const { code } of PARSE_DIAGNOSTICS) {
  test(`${code}: the documented failing example yields it, the fixed one does not`, () => {
    const ex = DIAGNOSTIC_EXAMPLES[code];
    assert.ok(ex, `no example for ${code}`);
    assert.ok(ex.source.length > 0);
    assert.ok(codes(ex.bad, code, ex.files, ex.env).includes(code), `bad example of ${code}: ${codes(ex.bad, code, ex.files, ex.env).join(', ')}`);
    const ctx = DIAGNOSTIC_GOOD_CONTEXT[code] ?? {};
    const good = codes(ex.good, code, ctx.files ?? ex.files, ctx.env ?? ex.env);
    assert.ok(!good.includes(code), `good example of ${code} still yields it`);
  });
}
