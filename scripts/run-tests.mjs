// Runs the whole test suite with Node's test runner on the TypeScript sources
// (Node >= 22.19 strips types natively). Installs the test-only system packages first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const setup = 'scripts/ensure-test-deps.sh';
if (existsSync(setup)) {
  const r = spawnSync('bash', [setup], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The real CoreDNS, etcd, kube-apiserver and kwok the differential suites run (oracle/).
// Built when missing or stale; a no-op when up to date. Without Go, those suites skip with a
// line saying why — except under CI, where a missing component is a failure.
// KDNS_SKIP_ORACLE_BUILD=1 skips the build step (another process is building them).
if (!process.env.KDNS_SKIP_ORACLE_BUILD) {
  const r = spawnSync(process.execPath, ['scripts/build-oracle.mjs'], { stdio: 'inherit' });
  if (r.status === 4 && !process.env.CI) {
    process.stderr.write('run-tests: no Go here; the differential suites against the real components will skip\n');
  } else if (r.status !== 0) {
    process.stderr.write(`run-tests: building the real components failed (exit ${r.status})\n`);
    process.exit(1);
  }
}

const patterns = process.argv.slice(2);
const args = [
  // Every test process: connections and datagrams only to loopback (test/harness/network-guard.ts).
  '--import',
  './test/harness/network-guard.ts',
  '--test',
  '--test-concurrency=2',
  '--test-timeout=120000',
  ...(patterns.length ? patterns : ['test/**/*.test.ts']),
];
// Hygiene: the tests get a temp folder of their own (TMPDIR; os.tmpdir() reads it), so whatever
// they leave behind is counted here, reported, and fails the run; the folder is removed either way.
const runTmp = mkdtempSync(join(tmpdir(), 'kdns-test-run-'));
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, KDNS_NETWORK_GUARD: '1', TMPDIR: runTmp } });
const leftovers = readdirSync(runTmp);
rmSync(runTmp, { recursive: true, force: true });
if (leftovers.length > 0) {
  process.stderr.write(`run-tests: the tests left ${leftovers.length} temporary entries behind (removed now): ${leftovers.slice(0, 20).join(', ')}${leftovers.length > 20 ? ', ...' : ''}\n`);
  process.exit(r.status || 1);
}
process.exit(r.status ?? 1);
