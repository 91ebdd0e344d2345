/**
 * Runs every rule over a parsed Corefile and returns findings sorted by position.
 * Pure: no I/O. Parse diagnostics become findings with their code as the rule id.
 */
import type { Corefile } from '../corefile/ast.ts';
import type { DeploymentView } from '../model/view.ts';
import type { LintFinding } from '../shared/finding.ts';
import { getPluginSpec } from '../corefile/plugins/index.ts';
import { NEWEST_COREDNS } from '../corefile/coredns-versions.ts';
import { interpolate, type LocatedSpecProblem, type Rule, type RuleContext, type RuleReport } from './rule.ts';
import { RULES } from './rules/index.ts';
import { blockZones } from './corefile-walk.ts';
import { toFqdn } from '../shared/fqdn.ts';
import { lintDocsUrl } from './docs-url.ts';
import { err, ok, type Result } from '../shared/result.ts';

export interface LintOptions {
  /** Targeted CoreDNS version X.Y.Z (default: the newest known). */
  corednsVersion?: string;
  /** Cluster domain (`cluster.local` or `cluster.local.`), when known. */
  clusterDomain?: string;
  /** The coredns Deployment (probes), when known. */
  deployment?: DeploymentView;
  /** Only these rules (ids); default all. */
  rules?: Readonly<Record<string, Rule>>;
}

export function lintCorefile(corefile: Corefile, opts: LintOptions = {}): LintFinding[] {
  const findings: LintFinding[] = corefile.diagnostics.map((d) =>
    placed(corefile, { file: d.file, line: d.line, column: d.column }, {
      rule: d.code,
      severity: d.severity,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
    }),
  );
  const ctx = createRuleContext(corefile, opts, findings);
  for (const rule of Object.values(opts.rules ?? RULES)) {
    const reports = runRule(rule, ctx);
    if (!reports.ok) {
      findings.push({
        rule: rule.meta.id,
        severity: 'error',
        line: 1,
        column: 1,
        message: `Internal error in rule ${rule.meta.id}: ${reports.error} (this is a bug in kubectl-dns).`,
      });
      continue;
    }
    for (const r of reports.value) findings.push(toFinding(corefile, rule, r));
  }
  return sortFindings(findings);
}

/**
 * The context every rule sees. Plugin specs run once here; a spec that throws becomes a
 * finding pushed to `internalFindings`, never an exception.
 */
export function createRuleContext(corefile: Corefile, opts: LintOptions = {}, internalFindings: LintFinding[] = []): RuleContext {
  const corednsVersion = (opts.corednsVersion ?? NEWEST_COREDNS).replace(/^v/, '');
  return {
    corefile,
    corednsVersion,
    ...(opts.clusterDomain ? { clusterDomain: toFqdn(opts.clusterDomain) } : {}),
    ...(opts.deployment ? { deployment: opts.deployment } : {}),
    specProblems: collectSpecProblems(corefile, corednsVersion, internalFindings),
  };
}

/** Runs one rule; an exception becomes an error value. */
export function runRule(rule: Rule, ctx: RuleContext): Result<RuleReport[], string> {
  try {
    return ok(rule.check(ctx));
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
}

/** Runs each plugin spec's parser once; a spec that throws is reported, never fatal. */
function collectSpecProblems(corefile: Corefile, corednsVersion: string, findings: LintFinding[]): LocatedSpecProblem[] {
  const out: LocatedSpecProblem[] = [];
  for (const block of corefile.serverBlocks) {
    const serverZones = blockZones(block);
    for (const directive of block.body.directives) {
      const spec = getPluginSpec(directive.name.text);
      if (!spec?.parse) continue;
      try {
        const { problems } = spec.parse(directive, { serverZones, corednsVersion });
        for (const problem of problems) {
          // A value still holding an unexpanded {$VAR} is only known in the pod's environment.
          if (problem.code === 'bad-value' && problem.token.hadEnvPlaceholder && /\{\$|\{%/.test(problem.token.text)) continue;
          out.push({ block, directive, problem });
        }
      } catch (e) {
        findings.push(
          placed(corefile, directive.name, {
            rule: 'plugin-args',
            severity: 'error',
            message: `Internal error while checking plugin ${directive.name.text}: ${e instanceof Error ? e.message : String(e)} (this is a bug in kubectl-dns).`,
          }),
        );
      }
    }
  }
  return out;
}

export function toFinding(corefile: Corefile, rule: Rule, r: RuleReport): LintFinding {
  const template = rule.meta.messages[r.messageId];
  const message = template === undefined ? `${r.messageId} (unknown message id)` : interpolate(template, r.data);
  const hint = interpolate(r.hint ?? rule.meta.hint, r.data);
  const pos = r.token ?? r.position ?? { line: 1, column: 1 };
  const finding = placed(corefile, pos, {
    rule: rule.meta.id,
    severity: r.severity ?? rule.meta.severity,
    message,
    ...(hint ? { hint } : {}),
  });
  if (r.token && r.token.length > 0) {
    finding.endLine = r.token.line;
    finding.endColumn = r.token.column + r.token.length;
  }
  return finding;
}

function placed(
  corefile: Corefile,
  pos: { file?: string; line: number; column: number },
  f: Omit<LintFinding, 'line' | 'column' | 'file' | 'docs'>,
): LintFinding {
  const out: LintFinding = { ...f, line: pos.line, column: pos.column, docs: lintDocsUrl(f.rule) };
  if (pos.file !== undefined && pos.file !== corefile.source) out.file = pos.file;
  return out;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Main file first, then imported files by name; then line, column, severity, rule id. */
export function sortFindings(findings: LintFinding[]): LintFinding[] {
  return findings.sort(
    (a, b) =>
      (a.file === undefined ? 0 : 1) - (b.file === undefined ? 0 : 1) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      a.line - b.line ||
      a.column - b.column ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.rule.localeCompare(b.rule),
  );
}
