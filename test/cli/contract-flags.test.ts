// CONTRACT.md: the common flags of every command that talks to a cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Option } from 'commander';
import { buildProgram } from '../../src/cli/main.ts';
import { captureEnv } from '../harness/cli-env.ts';

const COMMON: [long: string, short?: string][] = [['--kubeconfig'], ['--context'], ['--namespace', '-n'], ['--request-timeout'], ['--output', '-o'], ['--no-color'], ['--snapshot']];

for (const name of ['explain', 'records', 'lint-corefile', 'snapshot']) {
  test(`${name} takes CONTRACT.md's common flags`, () => {
    const program = buildProgram({ exitCode: 0, env: captureEnv([]) });
    const cmd = program.commands.find((c) => c.name() === name);
    assert.ok(cmd, name);
    for (const [long, short] of COMMON) {
      const o: Option | undefined = cmd.options.find((x: Option) => x.long === long);
      assert.ok(o, `${name} ${long}`);
      if (short) assert.equal(o.short, short, `${name} ${long}`);
    }
  });
}
