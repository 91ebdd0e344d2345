/**
 * Differential test: lint-corefile against the real CoreDNS (issue 10 item 3, issue 13 item 1).
 *
 * Every Corefile fixture (test/fixtures/corefiles/**\/*.Corefile: real-world, README examples,
 * distributions, broken variants) is run unchanged with `coredns -conf FILE` for each CoreDNS
 * version we build (test/oracle/coredns-run.ts: own network namespace, loopback only), and linted
 * for that version. CoreDNS refuses to start ⇔ the linter reports a start-up error; when CoreDNS
 * names a line, a finding is on that line, and its rule is one the CoreDNS error text maps to
 * (CAUSES). Every disagreement fails, except the explained exceptions in EXCEPTIONS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { COREDNS_VERSIONS, oracleBinary, oraclePath } from '../harness/oracle.ts';
import { mapBounded, runCoredns, startBoundMs, startNamespace } from './coredns-run.ts';
import { CONCURRENCY, corefiles, disagreement, EXCEPTIONS, FIXTURES, lint } from './lint-agreement.ts';

const paths = corefiles(FIXTURES);

test('the corpus holds at least 150 Corefiles', () => {
  assert.ok(paths.length >= 150, `only ${paths.length} Corefiles under test/fixtures/corefiles`);
});

// Both versions share one bounded pool: most runs wait (the kubernetes plugin's API wait), so the
// whole corpus takes about as long as the CPU allows, not the sum of the versions.
test('lint-corefile agrees with the real CoreDNS on every fixture', { timeout: 115_000 }, async (t) => {
  // A version whose binary is missing gets its own subtest that skips (or fails under CI).
  const versions = COREDNS_VERSIONS.flatMap((version) => (existsSync(oraclePath(`coredns-${version}`)) ? [{ version, binary: oraclePath(`coredns-${version}`) }] : []));
  for (const version of COREDNS_VERSIONS.filter((v) => !versions.some((x) => x.version === v))) {
    await t.test(`CoreDNS ${version}`, (st) => void oracleBinary(st, `coredns-${version}`));
  }
  if (!versions.length) return;
  const jobs = versions.flatMap(({ version, binary }) => paths.map((path) => ({ version, binary, path })));
  // One namespace per worker, reused for its runs one after the other (set-up paid once).
  const namespaces = await Promise.all(Array.from({ length: CONCURRENCY }, () => startNamespace()));
  let outcomes;
  try {
    outcomes = await mapBounded(jobs, CONCURRENCY, (j, w) => runCoredns(j.binary, j.path, startBoundMs(readFileSync(j.path, 'utf8')), namespaces[w]));
  } finally {
    for (const ns of namespaces) ns.stop();
  }
  for (const { version } of versions) {
    await t.test(`CoreDNS ${version}`, () => {
      const problems: string[] = [];
      for (const [i, job] of jobs.entries()) {
        if (job.version !== version) continue;
        const rel = relative(FIXTURES, job.path);
        if (EXCEPTIONS[rel] !== undefined || EXCEPTIONS[`${rel}@${version}`] !== undefined) continue;
        const d = disagreement(job.path, outcomes[i]!, lint(job.path, version));
        if (d) problems.push(`${rel}: ${d}`);
      }
      assert.deepEqual(problems, [], `${problems.length} disagreement(s) with CoreDNS ${version}`);
    });
  }
});
