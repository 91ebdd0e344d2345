import type { LabelSelector } from '../model/view.ts';
import { err, ok, type Result } from '../shared/result.ts';

/**
 * Parses the text form of a label selector as CoreDNS's `labels` / `namespace_labels` options take it
 * (apimachinery ParseToLabelSelector): comma-separated requirements `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
 */
export function parseSelectorText(text: string): Result<LabelSelector, string> {
  const selector: Required<LabelSelector> = { matchLabels: {}, matchExpressions: [] };
  const reqs = splitRequirements(text.trim());
  if (reqs === undefined) return err(`unbalanced parentheses in label selector "${text}"`);
  for (const raw of reqs) {
    const r = raw.trim();
    if (r === '') return err(`empty requirement in label selector "${text}"`);
    let m: RegExpMatchArray | null;
    if ((m = r.match(/^([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const values = (m[3] as string).split(',').map((v) => v.trim()).filter((v) => v !== '');
      selector.matchExpressions.push({ key: m[1] as string, operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = r.match(/^([^\s!=(),]+)\s*!=\s*([^\s!=(),]*)$/))) {
      selector.matchExpressions.push({ key: m[1] as string, operator: 'NotIn', values: [m[2] as string] });
    } else if ((m = r.match(/^([^\s!=(),]+)\s*==?\s*([^\s!=(),]*)$/))) {
      selector.matchLabels[m[1] as string] = m[2] as string;
    } else if ((m = r.match(/^!\s*([^\s!=(),]+)$/))) {
      selector.matchExpressions.push({ key: m[1] as string, operator: 'DoesNotExist' });
    } else if ((m = r.match(/^([^\s!=(),]+)$/))) {
      selector.matchExpressions.push({ key: m[1] as string, operator: 'Exists' });
    } else {
      return err(`cannot parse requirement "${r}" in label selector "${text}"`);
    }
  }
  return ok(selector);
}

function splitRequirements(text: string): string[] | undefined {
  if (text === '') return [];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) return undefined;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return undefined;
  out.push(cur);
  return out;
}
