/** Severity of a lint finding or an explain finding (CONTRACT.md). */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** A 1-based position in a source text. */
export interface Position {
  line: number;
  column: number;
}

/**
 * One finding of `lint-corefile` (CONTRACT.md shape, plus optional fields).
 * `line`/`column` are 1-based positions in the text named by `file`
 * (the Corefile itself when `file` is absent).
 */
export interface LintFinding {
  rule: string;
  severity: Severity;
  line: number;
  column: number;
  message: string;
  hint?: string;
  /** Set when the position lies in an imported file rather than the Corefile itself. */
  file?: string;
  /** URL of the id's docs page (docs/rules/<rule>.md). */
  docs?: string;
  endLine?: number;
  endColumn?: number;
}

/** One finding of `explain` (CONTRACT.md shape). */
export interface ExplainFinding {
  id: string;
  severity: Severity;
  message: string;
  hint?: string;
}

export function countBySeverity(findings: readonly { severity: Severity }[]): {
  errors: number;
  warnings: number;
  infos: number;
} {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
