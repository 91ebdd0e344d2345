#!/usr/bin/env node
// kubectl's plugin completion entry: `kubectl dns <words> <TAB>` runs `kubectl_complete-dns <words> <word>`.
import { enableCompileCache } from 'node:module';

// As bin/kubectl-dns.ts: cached compiled code, so a TAB press does not pay for compiling.
enableCompileCache();

const { runCompletion } = await import('../src/cli/completion.ts');
const { guardPipes } = await import('../src/cli/env.ts');

guardPipes();
const code = await runCompletion(process.argv.slice(2));
// Exit once stdout is flushed: a live lookup cut off by its deadline may still hold a socket open.
process.stdout.write('', () => process.exit(code));
