import type { CliEnv } from './env.ts';

/**
 * State shared by the command actions of one run. Its own module so that main.ts imports the
 * commands and the commands never import main.ts.
 */
export interface CliContext {
  env: CliEnv;
  /** Set by the command's action; main returns it. */
  exitCode: number;
}
