/**
 * Where the real components live (built by scripts/build-oracle.mjs from the wrapper modules
 * in oracle/) and what a test does when one is missing.
 *
 *   const coredns = oracleBinary(t, 'coredns-1.15.0');   // path, or t.skip() with a reason
 *   if (!coredns) return;
 *
 * On a contributor's machine without Go the differential suites skip with one visible line
 * saying why. Under CI (CI=true) a missing component is a failure, never a skip:
 * scripts/run-tests.mjs builds them before the suite starts.
 */
import { existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const ORACLE_DIR = process.env.KDNS_ORACLE_DIR
  ? resolve(process.env.KDNS_ORACLE_DIR)
  : join(repo, '.cache', 'oracle');

export type OracleComponent =
  | 'coredns-1.15.0'
  | 'coredns-1.14.3'
  | 'etcd'
  | 'kwok'
  | 'kube-apiserver'
  | 'kube-controller-manager'
  | 'kubectl';

/** Both CoreDNS release lines the suite builds, newest first. */
export const COREDNS_VERSIONS = ['1.15.0', '1.14.3'] as const;

export function oraclePath(name: OracleComponent): string {
  return join(ORACLE_DIR, 'bin', name);
}

const skipped = new Set<string>();

/**
 * The component's path when it is built. Otherwise: under CI the test fails (throws); elsewhere
 * the test is skipped with a reason, and the first skip of each component prints one line.
 */
export function oracleBinary(t: TestContext, name: OracleComponent): string | null {
  const p = oraclePath(name);
  if (existsSync(p)) return p;
  const why = `real ${name} not built (${p} missing): run 'node scripts/build-oracle.mjs' (needs Go)`;
  if (process.env.CI) throw new Error(`${why}; under CI the differential suites never skip`);
  if (!skipped.has(name)) {
    skipped.add(name);
    process.stderr.write(`# oracle: skipping differential tests that need ${name}: ${why}\n`);
  }
  t.skip(why);
  return null;
}
