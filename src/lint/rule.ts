/**
 * The "check module" shape shared by lint rules (and, by design, the explain findings):
 * static metadata (`meta`) plus a pure `check(context)` returning reports.
 * A rule's id is its file name and its docs page name (docs/rules/<id>.md).
 */
import type { Corefile, Directive, ServerBlock, Token } from '../corefile/ast.ts';
import type { DeploymentView } from '../model/view.ts';
import type { Severity } from '../shared/finding.ts';
import type { SpecProblem } from '../corefile/plugins/index.ts';

export interface CheckDocs {
  /** One or two sentences: what the check looks for and why it matters. */
  summary: string;
  /** A Corefile that triggers the check. */
  bad: string;
  /** The same Corefile fixed. */
  good: string;
  /** Lint options the examples assume (e.g. an older CoreDNS version, a cluster domain, probes). */
  options?: DocsLintOptions;
}

export interface DocsLintOptions {
  corednsVersion?: string;
  clusterDomain?: string;
  deployment?: DeploymentView;
}

/** Metadata of a check: data, never code. `messages` values may contain `{{placeholders}}`. */
export interface CheckMeta<M extends string = string> {
  id: string;
  severity: Severity;
  messages: Record<M, string>;
  hint: string;
  docs: CheckDocs;
}

/** A position when no token is at hand. `file` absent = the Corefile itself. */
export interface ReportPosition {
  file?: string;
  line: number;
  column: number;
}

export interface RuleReport<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  token?: Token;
  position?: ReportPosition;
  /** Overrides meta.hint for this report (may contain placeholders). */
  hint?: string;
  /** Overrides meta.severity for this report (e.g. a deprecation before removal). */
  severity?: Severity;
}

/** A plugin problem found by a plugin spec's parser, with where it was found. */
export interface LocatedSpecProblem {
  block: ServerBlock;
  directive: Directive;
  problem: SpecProblem;
}

export interface RuleContext {
  corefile: Corefile;
  /** The CoreDNS version the Corefile is meant for (X.Y.Z). */
  corednsVersion: string;
  /** The cluster domain, as an FQDN (`cluster.local.`), when known. */
  clusterDomain?: string;
  /** The coredns Deployment, when known (probes, ports). */
  deployment?: DeploymentView;
  /** Problems the plugin specs reported for each plugin directive (computed once per lint run). */
  specProblems: readonly LocatedSpecProblem[];
}

export interface Rule<M extends string = string> {
  meta: CheckMeta<M>;
  check(context: RuleContext): RuleReport<M>[];
}

/** Identity helper so each rule's message ids are checked against its meta. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Replaces `{{name}}` with data values; unknown placeholders stay visible. */
export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => {
    const v = data?.[key];
    return v === undefined ? whole : String(v);
  });
}
