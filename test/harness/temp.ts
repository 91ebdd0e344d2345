/**
 * Temporary folders for tests that remove themselves: each is deleted when the test process
 * exits (tests may also remove it earlier). scripts/run-tests.mjs runs the suite with a private
 * TMPDIR and fails on anything left in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
let hooked = false;

export function tempDir(prefix = 'kubectl-dns-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
