/**
 * `kubectl dns doctor` output: text (a numbered line per check with OK / WARN / FAIL / SKIP, its
 * evidence, the fix and the docs page, then the summary), JSON and YAML (CONTRACT.md). Pure.
 */
import yaml from 'js-yaml';
import type { CheckStatus } from '../doctor/check.ts';
import type { DoctorReport } from '../doctor/run.ts';
import { plain, type Paint } from './paint.ts';

const LABEL: Record<CheckStatus, string> = { ok: 'OK', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

function label(status: CheckStatus, paint: Paint): string {
  const l = LABEL[status].padEnd(4);
  return status === 'ok' ? paint.green(l) : status === 'warn' ? paint.yellow(l) : status === 'fail' ? paint.red(l) : paint.dim(l);
}

export function renderDoctorJson(r: DoctorReport): string {
  return JSON.stringify({ checks: r.checks, summary: r.summary }, null, 2) + '\n';
}

export function renderDoctorYaml(r: DoctorReport): string {
  return yaml.dump({ checks: r.checks, summary: r.summary }, { lineWidth: -1, noRefs: true });
}

export function renderDoctorText(r: DoctorReport, header: string, paint: Paint = plain): string {
  const out: string[] = [paint.bold(header), ''];
  const width = String(r.checks.length).length;
  const pad = ' '.repeat(width + 2 + 5);
  r.checks.forEach((c, i) => {
    out.push(`${String(i + 1).padStart(width)}. ${label(c.status, paint)} ${paint.bold(c.title)} ${paint.dim(`[${c.id}]`)}`);
    for (const e of c.evidence) out.push(`${pad}${e}`);
    if (c.status === 'warn' || c.status === 'fail') {
      out.push(`${pad}${paint.dim('fix:')} ${c.hint}`);
      out.push(`${pad}${paint.dim('docs:')} ${c.docs}`);
    } else if (c.status === 'skip' && r.runHints[c.id]) {
      out.push(`${pad}${paint.dim('to run it:')} ${r.runHints[c.id]}`);
    }
  });
  const s = r.summary;
  out.push('', `${paint.bold('Summary:')} ${s.ok} ok, ${s.warn} warn, ${s.fail} fail, ${s.skip} skip`);
  return out.join('\n') + '\n';
}
