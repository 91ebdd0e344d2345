/**
 * Runs every check over the facts and builds CONTRACT.md's doctor report. Pure. A check that
 * throws is a bug: it becomes a failed line saying so, and the other checks still run.
 */
import { docsUrl, type CheckStatus, type DoctorCheck } from './check.ts';
import { CHECKS } from './checks/index.ts';
import { gatherFacts, type DoctorInputs } from './facts.ts';

export interface DoctorCheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  evidence: string[];
  hint: string;
  docs: string;
}

export interface DoctorReport {
  checks: DoctorCheckResult[];
  summary: Record<CheckStatus, number>;
  /** Check id -> how to make a skipped check run (text output only; JSON has it as the hint). */
  runHints: Record<string, string>;
}

export function runChecks(inputs: DoctorInputs, checks: readonly DoctorCheck[] = CHECKS): DoctorReport {
  const facts = gatherFacts(inputs);
  const runHints: Record<string, string> = {};
  const results: DoctorCheckResult[] = checks.map((c) => {
    let outcome;
    try {
      outcome = c.check(facts);
    } catch (e) {
      outcome = { status: 'fail' as const, evidence: [`internal error in check ${c.meta.id}: ${e instanceof Error ? e.message : String(e)} (this is a bug in kubectl-dns)`] };
    }
    if (outcome.status === 'skip' && 'hint' in outcome && outcome.hint) runHints[c.meta.id] = outcome.hint;
    return { id: c.meta.id, title: c.meta.title, status: outcome.status, evidence: outcome.evidence, hint: outcome.hint ?? c.meta.hint, docs: docsUrl(c.meta.id) };
  });
  return { checks: results, summary: summarize(results), runHints };
}

export function summarize(results: readonly { status: CheckStatus }[]): Record<CheckStatus, number> {
  const s: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, skip: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

/** CONTRACT.md: 1 when a check fails (or, with strict, warns), else 0. */
export function exitCodeOf(report: DoctorReport, strict: boolean): 0 | 1 {
  return report.summary.fail > 0 || (strict && report.summary.warn > 0) ? 1 : 0;
}
