#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Keep V8's compiled code between runs (in the OS temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it
// off): a tenth of a cold start. It must come before the modules below are loaded, hence the
// dynamic imports; so must the young-generation limit (loading them already grows it).
enableCompileCache();
const { guardPipes, limitYoungGeneration, processEnv } = await import('../src/cli/env.ts');
limitYoungGeneration();

const { main } = await import('../src/cli/main.ts');

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
