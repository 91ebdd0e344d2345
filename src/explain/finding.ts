/**
 * The explain-finding check module: the same shape as a lint rule (STYLE.md) — metadata as data
 * plus a pure check over the facts — so one doc generator and one tester serve both.
 */
import type { Severity } from '../shared/finding.ts';
import type { Facts } from './facts.ts';

export interface FindingMeta {
  /** Stable kebab-case id = file name = docs/findings/<id>.md. */
  id: string;
  severity: Severity;
  /** One sentence; `{{placeholders}}` are filled from the report's data. */
  message: string;
  /** How to fix it; may use placeholders. */
  hint: string;
  docs: {
    summary: string;
    /** A real-world situation that produces the finding. */
    example: string;
    /** The source code the modelled behaviour was read from (repository path and function), cited on the page. */
    sources?: string[];
  };
}

export interface FindingReport {
  data?: Record<string, string | number>;
  severity?: Severity;
  /** Overrides meta.hint (placeholders allowed). */
  hint?: string;
}

export interface FindingModule {
  meta: FindingMeta;
  check(facts: Facts): FindingReport[];
}

export function defineFinding(m: FindingModule): FindingModule {
  return m;
}
