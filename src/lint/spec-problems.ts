/**
 * Routes the problems that plugin specs report (SpecProblem) to the lint rule that owns them,
 * taking the targeted CoreDNS version into account.
 */
import type { SpecProblem } from '../corefile/plugins/index.ts';
import { compareVersions } from '../corefile/coredns-versions.ts';

export type SpecProblemKind = 'removed' | 'deprecated' | 'args' | 'none';

export function classifySpecProblem(problem: SpecProblem, version: string): SpecProblemKind {
  const atLeast = (v: string): boolean => compareVersions(version, v) >= 0;
  if (problem.removedIn) {
    if (atLeast(problem.removedIn)) return 'removed';
    if (problem.deprecatedIn && !atLeast(problem.deprecatedIn)) return 'none';
    return 'deprecated';
  }
  if (problem.deprecatedIn) return atLeast(problem.deprecatedIn) ? 'deprecated' : 'none';
  if (/removed/.test(problem.code)) return 'removed';
  if (/deprecated/.test(problem.code)) return 'deprecated';
  return 'args';
}

/** "the X option" / "X" as a readable replacement list. */
export function replacementText(replacedBy: string | readonly string[] | undefined): string | undefined {
  const list = typeof replacedBy === 'string' ? [replacedBy] : replacedBy;
  if (!list || list.length === 0) return undefined;
  return list.map((r) => `"${r}"`).join(' or ');
}
