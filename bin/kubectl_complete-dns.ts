#!/usr/bin/env node
// kubectl's plugin completion entry: `kubectl dns <words> <TAB>` runs `kubectl_complete-dns <words> <word>`.
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// As bin/kubectl-dns.ts: cached compiled code, so a TAB press does not pay for compiling; in the
// user's cache folder (XDG_CACHE_HOME or ~/.cache), never the shared temp folder.
{
  const xdg = process.env['XDG_CACHE_HOME'];
  const base = xdg && xdg.startsWith('/') ? xdg : process.env['HOME'] ? join(homedir(), '.cache') : '';
  if (process.env['NODE_COMPILE_CACHE']) enableCompileCache();
  else if (base) enableCompileCache(join(base, 'kubectl-dns', 'compile-cache'));
}

const { runCompletion } = await import('../src/cli/completion.ts');
const { guardPipes } = await import('../src/cli/env.ts');

guardPipes();
const code = await runCompletion(process.argv.slice(2));
// Exit once stdout is flushed: a live lookup cut off by its deadline may still hold a socket open.
process.stdout.write('', () => process.exit(code));
