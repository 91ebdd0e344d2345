#!/usr/bin/env node
import { main } from '../src/cli/main.ts';
import { guardPipes, processEnv } from '../src/cli/env.ts';

guardPipes();
if (process.argv[2] === '__complete') {
  // `kubectl-dns __complete WORDS... WORD`: the same completion as kubectl_complete-dns, so a
  // two-line launcher is enough where a second entry point is awkward (as the standalone binary does).
  const { runCompletion } = await import('../src/cli/completion.ts');
  const code = await runCompletion(process.argv.slice(3));
  process.stdout.write('', () => process.exit(code));
} else {
  process.exitCode = await main(processEnv());
}
