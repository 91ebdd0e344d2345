/**
 * What the real CoreDNS does with positional arguments read as zones (issue 13 item 2), as the
 * plugin-arg-read-as-zone rule says, checked against CoreDNS itself in its own network namespace:
 * - `cache 30s`: two queries under cluster.local and two under 30s; the cache's metrics (labelled
 *   with the zones the plugin took) show requests for "30s." only: nothing else is cached.
 * - `forward 8.8.8.8 127.0.0.1:1054`: FROM is "8.8.8.8.", so `example.com` is not forwarded at
 *   all; with no further plugin CoreDNS answers SERVFAIL at once (no upstream is ever asked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COREDNS_VERSIONS, oracleBinary } from '../harness/oracle.ts';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { lintCorefile } from '../../src/lint/linter.ts';
import { memoryReader } from '../../src/lint/inputs.ts';

const COREFILE = '.:1053 {\n    cache 30s\n    prometheus 127.0.0.1:9153\n    whoami\n}\n';

const QUERY = `
import { Resolver } from 'node:dns/promises';
const r = new Resolver({ timeout: 1000, tries: 1 });
r.setServers(['127.0.0.1:1053']);
for (let i = 0; i < 50; i++) { try { await fetch('http://127.0.0.1:9153/metrics'); break; } catch { await new Promise((ok) => setTimeout(ok, 100)); } }
for (const n of ['a.cluster.local', 'a.cluster.local', 'x.30s', 'x.30s']) { try { await r.resolve4(n); } catch {} }
const m = await (await fetch('http://127.0.0.1:9153/metrics')).text();
process.stdout.write(m.split('\\n').filter((l) => l.startsWith('coredns_cache_requests_total')).join('\\n'));
`;

const FORWARD_COREFILE = '.:1053 {\n    forward 8.8.8.8 127.0.0.1:1054\n    errors\n    prometheus 127.0.0.1:9153\n}\n';

const FORWARD_QUERY = `
import { Resolver } from 'node:dns/promises';
const r = new Resolver({ timeout: 2000, tries: 1 });
r.setServers(['127.0.0.1:1053']);
for (let i = 0; i < 50; i++) { try { await fetch('http://127.0.0.1:9153/metrics'); break; } catch { await new Promise((ok) => setTimeout(ok, 100)); } }
let code = 'NOERROR';
try { await r.resolve4('example.com'); } catch (e) { code = e.code; }
process.stdout.write(code);
`;

function runInNetns(binary: string, dir: string): Promise<string> {
  const script = `ip link set lo up || exit 97\n"$1" -conf "$2" >coredns.log 2>&1 &\npid=$!\n"$3" "$4"\nrc=$?\nkill $pid\nwait $pid 2>/dev/null\nexit $rc`;
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--net', '--mount', 'sh', '-c', script, 'kdns', binary, join(dir, 'Corefile'), process.execPath, join(dir, 'q.mjs')], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`exit ${code}: ${err.trim()}`));
    });
  });
}

test('lint: cache 30s is read as a zone (warning naming 30s)', () => {
  const findings = lintCorefile(parseCorefile(COREFILE, { source: 'Corefile', baseDir: '/', reader: memoryReader({}) }));
  const f = findings.find((x) => x.rule === 'plugin-arg-read-as-zone');
  assert.ok(f, 'plugin-arg-read-as-zone reported');
  assert.equal(f.line, 2);
  assert.match(f.message, /"30s"/);
});

test('lint: forward 8.8.8.8 127.0.0.1:1054 takes 8.8.8.8 as FROM (warning naming it)', () => {
  const findings = lintCorefile(parseCorefile(FORWARD_COREFILE, { source: 'Corefile', baseDir: '/', reader: memoryReader({}) }));
  const f = findings.find((x) => x.rule === 'plugin-arg-read-as-zone');
  assert.ok(f, 'plugin-arg-read-as-zone reported');
  assert.equal(f.line, 2);
  assert.match(f.message, /"8\.8\.8\.8"/);
});

for (const version of COREDNS_VERSIONS) {
  test(`CoreDNS ${version}: forward 8.8.8.8 ... forwards only the name 8.8.8.8.; example.com gets SERVFAIL`, { timeout: 30_000 }, async (t) => {
    const binary = oracleBinary(t, `coredns-${version}`);
    if (!binary) return;
    const dir = mkdtempSync(join(tmpdir(), 'kdns-forward-'));
    try {
      writeFileSync(join(dir, 'Corefile'), FORWARD_COREFILE);
      writeFileSync(join(dir, 'q.mjs'), FORWARD_QUERY);
      assert.equal(await runInNetns(binary, dir), 'ESERVFAIL');
      // The errors plugin logs why: forward did not take the name and had nothing after it.
      assert.match(readFileSync(join(dir, 'coredns.log'), 'utf8'), /example\.com\. A: plugin\/forward: no next plugin found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`CoreDNS ${version}: cache 30s caches only under the zone "30s."`, { timeout: 30_000 }, async (t) => {
    const binary = oracleBinary(t, `coredns-${version}`);
    if (!binary) return;
    const dir = mkdtempSync(join(tmpdir(), 'kdns-cache-'));
    try {
      writeFileSync(join(dir, 'Corefile'), COREFILE);
      writeFileSync(join(dir, 'q.mjs'), QUERY);
      const metrics = await runInNetns(binary, dir);
      assert.match(metrics, /coredns_cache_requests_total\{[^}]*zones="30s\."\} 2/);
      assert.doesNotMatch(metrics, /zones="\."/, 'no cache requests counted for the root zone');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
