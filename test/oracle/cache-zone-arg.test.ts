/**
 * What the real CoreDNS does with `cache 30s` (issue 13 item 2): the plugin-arg-read-as-zone
 * rule says "30s" is read as a zone, so nothing under the cluster zone is cached. Checked here
 * against CoreDNS itself: in its own network namespace, with `cache 30s` and `prometheus`, two
 * queries under cluster.local and two under 30s; the cache's metrics (labelled with the zones the
 * plugin took) show requests for "30s." only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

function runInNetns(binary: string, dir: string): Promise<string> {
  const script = `ip link set lo up || exit 97\n"$1" -conf "$2" >/dev/null 2>&1 &\npid=$!\n"$3" "$4"\nrc=$?\nkill $pid\nwait $pid 2>/dev/null\nexit $rc`;
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

for (const version of COREDNS_VERSIONS) {
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
