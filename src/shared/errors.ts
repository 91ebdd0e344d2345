/**
 * An error the user caused or can fix: printed as one line `error: ...`, exit code 2.
 * Anything else that escapes is a bug and is printed the same way (stack only with --debug).
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  override readonly name = 'UsageError';
}

/** Exit codes (CONTRACT.md). */
export const EXIT = {
  ok: 0,
  problem: 1,
  usage: 2,
} as const;
