/**
 * The machine-readable lint result (CONTRACT.md): `{source, findings[], summary}`.
 * Pure: findings in, string out. YAML carries the same object.
 */
import yaml from 'js-yaml';
import type { LintFinding } from '../shared/finding.ts';
import { countBySeverity } from '../shared/finding.ts';

/** CONTRACT.md's finding: the LintFinding without its end position (`file` is an added field). */
export type LintJsonFinding = Omit<LintFinding, 'endLine' | 'endColumn'>;

export interface LintResultDoc {
  source: string;
  findings: LintJsonFinding[];
  summary: { errors: number; warnings: number; infos: number };
}

export function toLintResultDoc(source: string, findings: readonly LintFinding[]): LintResultDoc {
  return {
    source,
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      line: f.line,
      column: f.column,
      message: f.message,
      ...(f.hint !== undefined ? { hint: f.hint } : {}),
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.docs !== undefined ? { docs: f.docs } : {}),
    })),
    summary: countBySeverity(findings),
  };
}

export function renderLintJson(source: string, findings: readonly LintFinding[]): string {
  return JSON.stringify(toLintResultDoc(source, findings), null, 2) + '\n';
}

export function renderLintYaml(source: string, findings: readonly LintFinding[]): string {
  return yaml.dump(toLintResultDoc(source, findings), { lineWidth: -1, noRefs: true });
}
