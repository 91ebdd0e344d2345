/**
 * setup_test.go-style table runner: each case is a plugin snippet, whether CoreDNS's
 * setup fails on it, and optionally the problem codes and parts of the parsed config.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PluginContext, PluginParseResult } from '../../../src/corefile/plugins/types.ts';
import type { Directive } from '../../../src/corefile/ast.ts';
import { directive } from './directive.ts';

export interface SetupCase {
  input: string;
  shouldErr: boolean;
  /** Problem codes expected, in order (errors and warnings). */
  codes?: string[];
  /** Subset of the config expected (deep-equal on these keys). */
  expected?: Record<string, unknown>;
  version?: string;
  zones?: string[];
  /** 1-based [line, column] of the first problem. */
  at?: [number, number];
}

export function runSetupTable(
  name: string,
  parse: (d: Directive, ctx: PluginContext) => PluginParseResult,
  cases: readonly SetupCase[],
): void {
  const seen = new Set<string>();
  for (const c of cases) {
    const key = `${c.version ?? ''}|${c.input}`;
    if (seen.has(key)) throw new Error(`duplicate case: ${c.input}`);
    seen.add(key);
    test(`${name}: ${c.input.replace(/\s+/g, ' ')}${c.version ? ` @${c.version}` : ''}`, () => {
      const r = parse(directive(c.input), { serverZones: c.zones ?? ['cluster.local.'], corednsVersion: c.version ?? '1.12.1' });
      const errs = r.problems.filter((p) => p.severity === 'error');
      assert.equal(errs.length > 0, c.shouldErr, `problems: ${JSON.stringify(r.problems.map((p) => p.message))}`);
      assert.equal(r.config === undefined, c.shouldErr, 'config is present exactly when setup succeeds');
      for (const p of r.problems) {
        assert.ok(p.message.length > 0 && p.message.endsWith('.'), `one sentence: ${p.message}`);
        assert.ok(p.token.line >= 1 && p.token.column >= 1);
      }
      if (c.codes) assert.deepEqual(r.problems.map((p) => p.code), c.codes);
      if (c.at) assert.deepEqual([r.problems[0]?.token.line, r.problems[0]?.token.column], c.at);
      if (c.expected) {
        const cfg = r.config as Record<string, unknown>;
        for (const [k, v] of Object.entries(c.expected)) assert.deepEqual(cfg[k], v, `config.${k}`);
      }
    });
  }
}
