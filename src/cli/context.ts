import type { CliEnv } from './env.ts';

/**
 * State shared by the command actions of one run. Its own module so that main.ts imports the
 * commands and the commands never import main.ts.
 */
export interface CliContext {
  /** The environment with stdout/stderr made terminal-safe (src/render/terminal.ts). */
  env: CliEnv;
  /** Set by a command printing data (-o json/yaml, a snapshot): stdout then passes unescaped. */
  stdoutIsData?: boolean;
  /** Set by the command's action; main returns it. */
  exitCode: number;
}
