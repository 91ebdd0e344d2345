import { Command, CommanderError } from 'commander';
import { UsageError, EXIT } from '../shared/errors.ts';
import type { CliEnv } from './env.ts';
import type { CliContext } from './context.ts';
import { VERSION } from './version.ts';
import { terminalSafeSink } from '../render/terminal.ts';
import { registerLintCorefile } from './lint-corefile.ts';
import { registerRecords } from './records.ts';
import { registerExplain } from './explain.ts';
import { registerSnapshot } from './snapshot.ts';
import { registerDoctor } from './doctor.ts';
import { registerVersion } from './version-command.ts';
import { normalizeArgv, DEBUG_VERBOSITY } from './argv.ts';
import { plainWords } from './plain-words.ts';

export function buildProgram(ctx: CliContext): Command {
  const { env } = ctx;
  const program = new Command('kubectl dns')
    .usage('<command> [flags]')
    .description(
      'Explain why a name does or does not resolve inside a Kubernetes cluster, and prove it with real DNS queries.',
    )
    .version(VERSION, '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => env.stdout.write(s),
      writeErr: (s) => env.stderr.write(s),
      outputError: (s, write) => write(s.startsWith('error: ') ? s : `error: ${s}`),
    })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  # Why does "web" not resolve from pod default/client?
  kubectl dns explain web --from default/client

  # Lint the cluster's CoreDNS configuration
  kubectl dns lint-corefile

  # Every record CoreDNS serves for namespace shop, each checked by a real query
  kubectl dns records -n shop --verify

  # Is cluster DNS healthy for everyone? (CoreDNS, its configuration, kubelets, policies, logs)
  kubectl dns doctor
`,
  );
  registerExplain(program, ctx);
  registerRecords(program, ctx);
  registerLintCorefile(program, ctx);
  registerSnapshot(program, ctx);
  registerDoctor(program, ctx);
  registerVersion(program, ctx);
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput(program.configureOutput());
    sub.showSuggestionAfterError(true);
  }
  return program;
}

/** Runs the CLI; returns the process exit code. Never throws. */
export async function main(env: CliEnv): Promise<number> {
  const ctx: CliContext = { env, exitCode: EXIT.ok };
  // Text reaching the terminal is escaped once, here: cluster names, DNS answers, pod files,
  // Status messages, the user's own arguments echoed in errors. Data formats stay exact.
  const colourPossible = env.stdout.isTTY === true || (env.env['FORCE_COLOR'] !== undefined && env.env['FORCE_COLOR'] !== '0');
  ctx.env = {
    ...env,
    // the terminal's width goes along (records fits its tables to it)
    stdout: Object.assign(
      terminalSafeSink(env.stdout, { raw: () => ctx.stdoutIsData === true, allowSgr: () => colourPossible }),
      env.stdout.columns !== undefined ? { columns: env.stdout.columns } : {},
    ),
    stderr: terminalSafeSink(env.stderr),
  };
  env = ctx.env;
  const program = buildProgram(ctx);
  // kubectl's habits (global flags before the subcommand, -n=NS, -v=N): see argv.ts.
  const { argv, verbosity } = normalizeArgv(env.argv, program.commands.map((c) => c.name()));
  const debug = argv.includes('--debug') || env.env['KUBECTL_DNS_DEBUG'] === '1' || (verbosity ?? 0) >= DEBUG_VERBOSITY;
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are "errors" to commander; they already printed.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') {
        return EXIT.ok;
      }
      return EXIT.usage; // commander printed the one-line message already
    }
    if (e instanceof UsageError) {
      env.stderr.write(`error: ${plainWords(e.message)}\n`);
      if (debug && e.stack) env.stderr.write(e.stack + '\n');
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    env.stderr.write(`error: ${plainWords(message.split('\n')[0] ?? '')}\n`);
    if (debug && e instanceof Error && e.stack) env.stderr.write(e.stack + '\n');
    else env.stderr.write('(this is a bug in kubectl-dns; run again with --debug for details)\n');
    return EXIT.usage;
  }
}
