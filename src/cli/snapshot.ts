import type { Command } from 'commander';
import type { CliContext } from './main.ts';

// Scaffold: the command is being built (see the issue tracker).
export function registerSnapshot(program: Command, ctx: CliContext): void {
  program
    .command('snapshot')
    .description('(under construction)')
    .action(() => {
      ctx.env.stderr.write('error: snapshot is not implemented yet\n');
      ctx.exitCode = 2;
    });
}
