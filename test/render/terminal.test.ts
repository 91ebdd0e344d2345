/**
 * Property tests: whatever a cluster, a DNS server, a file or a user puts in a string, no control
 * sequence reaches the terminal in text mode, and JSON keeps the exact data. Seeded: a failure
 * names its seed and replays.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { escapeForTerminal, isTerminalSafe } from '../../src/render/terminal.ts';
import { main } from '../../src/cli/main.ts';
import { captureEnv } from '../harness/cli-env.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { prng, randomText } from '../harness/random-text.ts';

/** Anything a terminal acts on: C0 but tab/newline, DEL, C1, bidi controls, separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('escapeForTerminal', () => {
  test('shows every control visibly', () => {
    assert.equal(escapeForTerminal('a\u001b]52;c;aGk=\u0007b'), 'a\\x1b]52;c;aGk=\\x07b');
    assert.equal(escapeForTerminal('\u009b31m\u202eevil\u007f\r'), '\\x9b31m\\u202eevil\\x7f\\x0d');
    assert.equal(escapeForTerminal('tab\tand\nnewline stay'), 'tab\tand\nnewline stay');
    assert.equal(escapeForTerminal('\u001b[31mred\u001b[39m \u001b]8;;x\u001b\\', { allowSgr: true }), '\u001b[31mred\u001b[39m \\x1b]8;;x\\x1b\\');
  });

  test('property: 5,000 arbitrary strings come out safe, and escaping once is enough', () => {
    for (let seed = 1; seed <= 5000; seed++) {
      const s = randomText(prng(seed));
      const e = escapeForTerminal(s);
      assert.ok(!CONTROL.test(e), `seed ${seed}: ${JSON.stringify(e)}`);
      assert.ok(isTerminalSafe(e), `seed ${seed}`);
      assert.equal(escapeForTerminal(e), e, `seed ${seed}: a second pass changed it`);
      const withSgr = escapeForTerminal(s, { allowSgr: true });
      assert.ok(!CONTROL.test(withSgr.replace(/\u001b\[[0-9;]*m/g, '')), `seed ${seed} (allowSgr)`);
    }
  });
});

describe('property: hostile strings through the CLI', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-dns-term-'));
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  /** A snapshot whose Service, Corefile and pod file carry `s`. */
  function hostileSnapshot(s: string, i: number): string {
    const cluster = fixtureCluster('kubeadm');
    for (const o of cluster.items) {
      const m = o['metadata'] as { name: string; namespace?: string; annotations?: Record<string, string> };
      if (o['kind'] === 'Service' && m.namespace === 'shop' && m.name === 'web') m.name = `web${s}`;
      if (o['kind'] === 'ConfigMap' && m.name === 'coredns') {
        const data = o['data'] as Record<string, string>;
        data['Corefile'] = `${data['Corefile']}\n${s}.:53 {\n  hosts ${s}\n  forward . ${s}\n}\n`;
      }
    }
    const path = join(dir, `snap-${i}.yaml`);
    writeFileSync(path, yaml.dump({ apiVersion: 'v1', kind: 'List', items: cluster.items }));
    return path;
  }

  test('records, lint-corefile and errors in text mode: no control sequence on stdout or stderr (200 seeds)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const s = randomText(prng(seed), 24);
      const snap = hostileSnapshot(s, seed);
      for (const argv of [
        ['records', '-n', 'shop', '--snapshot', snap],
        ['lint-corefile', '--snapshot', snap],
        ['explain', `web${s}`, '--from', `shop/${s}`, '--snapshot', snap],
        ['records', '-n', s, '--snapshot', snap],
        ['records', '--type', s],
      ]) {
        const e = captureEnv(argv, { NO_COLOR: '1' });
        await main(e);
        const out = e.out.join('');
        const err = e.err.join('');
        assert.ok(!CONTROL.test(out), `seed ${seed} ${argv[0]}: stdout ${JSON.stringify(out.match(CONTROL))}`);
        assert.ok(!CONTROL.test(err), `seed ${seed} ${argv[0]}: stderr ${JSON.stringify(err.match(CONTROL))}`);
      }
    }
  });

  test('-o json keeps the exact data', async () => {
    const s = '\u001b]52;c;aGk=\u0007\u202e\u009b';
    const snap = hostileSnapshot(s, 0);
    const e = captureEnv(['records', '-n', 'shop', '--snapshot', snap, '-o', 'json'], { NO_COLOR: '1' });
    assert.equal(await main(e), 0, e.err.join(''));
    const doc = JSON.parse(e.out.join('')) as { records: { source: string }[] };
    assert.ok(doc.records.some((r) => r.source === `Service shop/web${s}`), 'the hostile name, byte for byte');
  });
});
