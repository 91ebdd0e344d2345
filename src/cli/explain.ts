import type { Command } from 'commander';
import type { CliContext } from './main.ts';

// Scaffold: the command is being built (see the issue tracker).
export function registerExplain(program: Command, ctx: CliContext): void {
  program
    .command('explain')
    .description('(under construction)')
    .action(() => {
      ctx.env.stderr.write('error: explain is not implemented yet\n');
      ctx.exitCode = 2;
    });
}
