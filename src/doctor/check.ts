/**
 * The doctor check module: the same "check module" shape as lint rules and explain findings
 * (STYLE.md) — metadata as data (id, title, hint, docs) plus a pure `check` over the facts — so one
 * doc generator, one tester and one JSON shape (CONTRACT.md's doctor section) serve them all.
 */
import type { DoctorFacts } from './facts.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export const CHECK_STATUSES: readonly CheckStatus[] = ['ok', 'warn', 'fail', 'skip'];

/** Where docs/doctor/<id>.md is published; CONTRACT.md's `docs` field is this plus the id. */
export const DOCTOR_DOCS_URL = 'https://github.com/kubectl-dns/kubectl-dns/blob/main/docs/doctor/';

export interface DoctorCheckMeta {
  /** Stable kebab-case id = file name = docs/doctor/<id>.md. */
  id: string;
  /** What is checked, as a short noun phrase (the line's title). */
  title: string;
  /** The usual fix when the check warns or fails; an outcome may give a more specific one. */
  hint: string;
  docs: {
    /** What the check looks at and why it matters. */
    summary: string;
    /** A real-world situation the check catches. */
    example: string;
    /** Where the behaviour it models is documented (upstream source, docs, write-ups). */
    sources: string[];
  };
}

export interface CheckOutcome {
  status: CheckStatus;
  /** One plain line per fact that led to the status (what was counted, seen, compared). */
  evidence: string[];
  /** Overrides meta.hint for this outcome (a skip says how to make the check run). */
  hint?: string;
}

export interface DoctorCheck {
  meta: DoctorCheckMeta;
  check(facts: DoctorFacts): CheckOutcome;
}

/** Identity helper: type-checks a check module. */
export function defineCheck(c: DoctorCheck): DoctorCheck {
  return c;
}

export function docsUrl(id: string): string {
  return `${DOCTOR_DOCS_URL}${id}.md`;
}

/** "1 pod" / "2 pods". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
