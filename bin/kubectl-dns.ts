#!/usr/bin/env node
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Keep V8's compiled code between runs: a tenth of a cold start. In the user's own cache folder
// ($XDG_CACHE_HOME/kubectl-dns, else ~/.cache/kubectl-dns), never the shared, world-writable temp
// folder; NODE_COMPILE_CACHE chooses another, NODE_DISABLE_COMPILE_CACHE=1 turns it off. It must
// come before the modules below are loaded, hence the dynamic imports; so must the
// young-generation limit (loading them already grows it).
function compileCacheDir(): string | undefined {
  if (process.env['NODE_COMPILE_CACHE']) return undefined; // node's own setting wins
  const xdg = process.env['XDG_CACHE_HOME'];
  const base = xdg && xdg.startsWith('/') ? xdg : process.env['HOME'] ? join(homedir(), '.cache') : '';
  return base ? join(base, 'kubectl-dns', 'compile-cache') : '';
}
const cacheDir = compileCacheDir();
if (cacheDir !== '') enableCompileCache(cacheDir);
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
