import type { Command } from 'commander';
import type { CliContext } from './main.ts';

// Scaffold: the command is being built (see the issue tracker).
export function registerLintCorefile(program: Command, ctx: CliContext): void {
  program
    .command('lint-corefile')
    .description('(under construction)')
    .action(() => {
      ctx.env.stderr.write('error: lint-corefile is not implemented yet\n');
      ctx.exitCode = 2;
    });
}
