/**
 * `kubectl dns explain` output: text (numbered steps with a mark each, the path on one line,
 * the query table, the verdict and the findings), JSON and YAML (CONTRACT.md). Pure.
 */
import Table from 'cli-table3';
import yaml from 'js-yaml';
import type { ExplainResult, StepStatus } from '../explain/types.ts';
import { plain, type Paint } from './paint.ts';

const MARK: Record<StepStatus, string> = { ok: '✔', warn: '!', fail: '✘', skip: '-' };

function mark(status: StepStatus, paint: Paint): string {
  const m = MARK[status];
  return status === 'ok' ? paint.green(m) : status === 'warn' ? paint.yellow(m) : status === 'fail' ? paint.red(m) : paint.dim(m);
}

export function renderExplainJson(r: ExplainResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}

export function renderExplainYaml(r: ExplainResult): string {
  return yaml.dump(r, { lineWidth: -1, noRefs: true });
}

export function renderExplainText(r: ExplainResult, paint: Paint = plain): string {
  const out: string[] = [];
  out.push(paint.bold(`Explaining ${r.name} from pod ${r.from}`), '');
  const width = String(r.steps.length).length;
  r.steps.forEach((s, i) => {
    out.push(`${String(i + 1).padStart(width)} ${mark(s.status, paint)} ${paint.bold(s.title)}`);
    out.push(`${' '.repeat(width + 3)}${s.detail}`);
  });
  if (r.path) out.push('', `${paint.bold('Path:')} ${r.path}`);

  if (r.queries.length) {
    const sent = r.queries.some((q) => q.observed !== null);
    const table = new Table({
      head: sent ? ['NAME', 'TYPE', 'PREDICTED', 'OBSERVED', 'ANSWER'] : ['NAME', 'TYPE', 'PREDICTED', 'ANSWER'],
      style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
      chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '' },
    });
    for (const q of r.queries) {
      const predicted = q.predicted === null ? 'unknown' : q.assumed ? `${q.predicted}?` : q.predicted;
      const answers = q.answers.join(', ');
      const observed = q.observed ?? 'not sent';
      const differs = q.observed !== null && q.predicted !== null && q.observed !== q.predicted;
      const row = sent ? [q.fqdn, q.type, predicted, differs ? paint.yellow(observed) : observed, answers] : [q.fqdn, q.type, predicted, answers];
      table.push(row);
    }
    out.push('', paint.bold('Queries, in the order the resolver sends them:'), table.toString().split('\n').map((l) => '  ' + l.trimEnd()).join('\n'));
  }
  if (r.queriedVia) out.push(paint.dim(`  (${r.queriedVia.detail})`));
  if (r.queries.some((q) => q.assumed)) out.push(paint.dim('  (?: assumed, the upstream\'s most likely answer; see the assumptions below)'));

  out.push('');
  if (r.resolved && r.answer) {
    const via = r.answer.source === 'literal' ? 'the address itself (no lookup)' : r.answer.source === 'hosts-file' ? '/etc/hosts' : r.answer.source === 'upstream' ? `${r.answer.fqdn} (upstream)` : r.answer.fqdn;
    const cname = r.answer.cname.length ? ` via CNAME ${r.answer.cname.join(' → ')}` : '';
    const none = r.verdict?.assumptions.length ? '(the upstream\'s addresses)' : '(no address)';
    out.push(`${paint.green(paint.bold('Resolves:'))} ${r.name} → ${r.answer.addresses.join(', ') || none}${cname} from ${via}`);
  } else if (r.undetermined) {
    const open = r.queries.filter((q) => (q.observed ?? q.predicted) === null).map((q) => q.fqdn);
    out.push(
      `${paint.yellow(paint.bold('Undetermined:'))} no name the cluster serves answers ${r.name}; ${open.join(', ') || 'the rest'} ${open.length === 1 ? 'is' : 'are'} left to an answer kubectl-dns cannot see from the objects (run live, or pass --dns-server, to send real queries)`,
    );
  } else {
    out.push(`${paint.red(paint.bold('Does not resolve:'))} ${r.name} from ${r.from}`);
  }
  const assumptions = r.verdict?.assumptions ?? [];
  if (assumptions.length) {
    out.push(`  ${paint.yellow('provided that')} (the objects cannot show an upstream's answer):`);
    // A and AAAA of one name assumed for the same reason read as one line.
    const lines = new Map<string, { types: string[]; text: (types: string) => string }>();
    for (const a of assumptions) {
      const key = `${a.fqdn} ${a.assumed} ${a.why}`;
      const seen = lines.get(key);
      if (seen) seen.types.push(a.type);
      else lines.set(key, { types: [a.type], text: (types) => `  - ${a.fqdn} ${types} is ${a.assumed}: ${a.why}; if not, ${a.ifWrong}` });
    }
    for (const l of lines.values()) out.push(l.text(l.types.join('+')));
  }

  if (r.findings.length) {
    out.push('', paint.bold('Findings:'));
    for (const f of r.findings) {
      const sev = f.severity === 'error' ? paint.red('error') : f.severity === 'warning' ? paint.yellow('warning') : paint.dim('info');
      out.push(`  ${sev} ${f.message} ${paint.dim(`[${f.id}]`)}`);
      if (f.hint) out.push(`    ${paint.dim('hint:')} ${f.hint}`);
    }
  }
  return out.join('\n') + '\n';
}
