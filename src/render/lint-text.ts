/**
 * Compiler-style text output for lint findings (pure: findings in, string out).
 *
 *   Corefile:7:5: error: Unknown plugin "kubernets" ... [unknown-plugin]
 *       kubernets cluster.local
 *       ^~~~~~~~~
 *     hint: Write "kubernetes".
 *
 *   1 error, 0 warnings, 0 infos
 */
import { Chalk } from 'chalk';
import type { LintFinding, Severity } from '../shared/finding.ts';
import { countBySeverity } from '../shared/finding.ts';

export interface LintTextInput {
  /** Name shown before `:line:col` for findings in the main text. */
  source: string;
  /** Source texts by name (main text under `source`), for the line excerpts. */
  texts: Readonly<Record<string, string>>;
  findings: readonly LintFinding[];
}

const MAX_EXCERPT = 200;

export function renderLintText(input: LintTextInput, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const paint: Record<Severity, (s: string) => string> = {
    error: (s) => c.red.bold(s),
    warning: (s) => c.yellow.bold(s),
    info: (s) => c.cyan(s),
  };
  const lineCache = new Map<string, string[]>();
  const linesOf = (name: string): string[] | undefined => {
    if (!lineCache.has(name)) {
      const text = input.texts[name];
      if (text === undefined) return undefined;
      lineCache.set(name, text.split(/\r?\n/));
    }
    return lineCache.get(name);
  };
  let out = '';
  for (const f of input.findings) {
    const file = f.file ?? input.source;
    out += `${c.bold(`${file}:${f.line}:${f.column}:`)} ${paint[f.severity](f.severity + ':')} ${f.message} ${c.dim(`[${f.rule}]`)}\n`;
    const line = linesOf(file)?.[f.line - 1];
    if (line !== undefined && !/[\u0000-\u0008\u000e-\u001f]/.test(line)) {
      const shown = line.replace(/\t/g, ' ').slice(0, MAX_EXCERPT);
      const col = Math.max(1, Math.min(f.column, shown.length + 1));
      const width = f.endLine === f.line && f.endColumn !== undefined ? Math.max(1, f.endColumn - f.column) : 1;
      const marker = '^' + '~'.repeat(Math.max(0, Math.min(width, shown.length - col + 1) - 1));
      out += `    ${shown}\n    ${' '.repeat(col - 1)}${c.green(marker)}\n`;
    }
    if (f.hint) out += `  ${c.dim('hint:')} ${f.hint}\n`;
    out += '\n';
  }
  out += summaryLine(input.findings) + '\n';
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning, 0 infos` (or `no problems found`). */
export function summaryLine(findings: readonly LintFinding[]): string {
  const { errors, warnings, infos } = countBySeverity(findings);
  if (errors + warnings + infos === 0) return 'no problems found';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}`;
}
