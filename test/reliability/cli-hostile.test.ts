/**
 * The commands against hostile API servers, end to end (main() in-process): each mode ends in
 * bounded time with exit 2 and one terminal-safe `error:` line, or recovers (429 + Retry-After).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureEnv } from '../harness/cli-env.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import { startHostileApiServer, type HostileMode } from './hostile-apiserver.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = 'denied \u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\u202egnp.exe';

const cleanups: (() => Promise<void> | void)[] = [];
// Loading client-node takes seconds on a busy machine; that is start-up, not a wait on the server.
before(async () => {
  const { loadK8s } = await import('../../src/cluster/client.ts');
  await loadK8s();
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function run(mode: HostileMode, argv: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  const server = await startHostileApiServer(mode);
  const kubeconfig = writeKubeconfig(server, { namespace: 'shop' });
  cleanups.push(() => server.close(), () => rmSync(dirname(kubeconfig), { recursive: true, force: true }));
  const e = captureEnv([...argv, '--kubeconfig', kubeconfig]);
  const t = performance.now();
  const code = await main(e);
  return { code, out: e.out.join(''), err: e.err.join(''), ms: performance.now() - t };
}

function assertOneSafeErrorLine(r: { err: string; out: string }, pattern: RegExp): void {
  assert.ok(!CONTROL.test(r.err) && !CONTROL.test(r.out), `control characters reached the terminal: ${JSON.stringify(r.err)}`);
  const lines = r.err.trim().split('\n');
  assert.equal(lines.length, 1, r.err);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
}

const COMMANDS = [['records'], ['explain', 'web', '--from', 'shop/client'], ['snapshot'], ['lint-corefile']];

describe('hostile API servers, every command', { timeout: 120_000 }, () => {
  for (const argv of COMMANDS) {
    test(`${argv[0]}: a server that never answers ends at --request-timeout (1s), exit 2`, async () => {
      const r = await run({ kind: 'never-answer' }, [...argv, '--request-timeout', '1s']);
      assert.equal(r.code, 2);
      assertOneSafeErrorLine(r, /did not answer .* within 1s \(--request-timeout\)/);
      assert.ok(r.ms < 2500, `${Math.round(r.ms)} ms`);
    });

    test(`${argv[0]}: a body that never ends, same bound`, async () => {
      const r = await run({ kind: 'slow-body', intervalMs: 200 }, [...argv, '--request-timeout', '1s']);
      assert.equal(r.code, 2);
      assertOneSafeErrorLine(r, /within 1s/);
      assert.ok(r.ms < 2500, `${Math.round(r.ms)} ms`);
    });

    test(`${argv[0]}: 401 with escape sequences in the Status message: exit 2, one safe line`, async () => {
      const r = await run({ kind: 'status', code: 401, message: HOSTILE }, argv);
      assert.equal(r.code, 2);
      assertOneSafeErrorLine(r, /rejected the credentials \(401 Unauthorized\)/);
    });

    test(`${argv[0]}: 500 with escape sequences: exit 2, the message shown escaped`, async () => {
      const r = await run({ kind: 'status', code: 500, message: HOSTILE }, argv);
      assert.equal(r.code, 2);
      assertOneSafeErrorLine(r, /HTTP 500\): denied \\x1b\]52;c;cm0gLXJmIH4=\\x07\\x1b\[2J\\x9b31m\\u202egnp\.exe/);
    });

    test(`${argv[0]}: malformed JSON: exit 2`, async () => {
      const r = await run({ kind: 'malformed-json' }, argv);
      assert.equal(r.code, 2);
      assertOneSafeErrorLine(r, /the body is not JSON/);
    });
  }

  test('records: 403 everywhere with a hostile message: nothing read, exit 2, escaped', async () => {
    const r = await run({ kind: 'status', code: 403, message: HOSTILE }, ['records']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.ok(!CONTROL.test(r.err), JSON.stringify(r.err));
    assert.match(r.err.trim().split('\n').at(-1)!, /^error: nothing could be read: RBAC refused all \d+ reads/);
  });

  test('records: 429 with Retry-After: 0 twice, then answers: success', async () => {
    const r = await run({ kind: 'status', code: 429, message: 'Too many requests', retryAfter: '0', times: 2 }, ['records']);
    assert.equal(r.code, 0, r.err);
  });

  test('records: 429 without Retry-After: exit 2, says it is throttling', async () => {
    const r = await run({ kind: 'status', code: 429, message: 'Too many requests' }, ['records']);
    assert.equal(r.code, 2);
    assertOneSafeErrorLine(r, /throttling requests \(HTTP 429 Too Many Requests\)/);
  });

  test('records -A: null items among good ones: the good ones listed, one warning', async () => {
    const r = await run({ kind: 'null-items' }, ['records', '-A']);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    assert.match(r.err, /warning: skipped 7 malformed objects in services/);
  });
});
