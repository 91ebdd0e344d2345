/**
 * Syntax check for Kubernetes label selectors as meta.ParseToLabelSelector accepts them
 * (`a=b,c!=d,e in (x,y),f notin (z),g,!h`). Returns an error sentence or undefined.
 */

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitRequirements(text: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0 || depth > 1) return undefined;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return undefined;
  out.push(cur.trim());
  return out;
}

export function checkLabelSelector(text: string): string | undefined {
  const reqs = splitRequirements(text);
  if (!reqs) return `unbalanced parentheses in '${text}'`;
  for (const r of reqs) {
    if (r === '') return `empty requirement in '${text}'`;
    let m = /^!\s*(\S+)$/.exec(r);
    if (m) {
      if (!KEY.test(m[1] ?? '')) return `invalid label key '${m[1]}'`;
      continue;
    }
    m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(r);
    if (m) {
      if (!KEY.test(m[1] ?? '')) return `invalid label key '${m[1]}'`;
      const values = (m[3] ?? '').split(',').map((v) => v.trim());
      const bad = values.find((v) => !VALUE.test(v));
      if (bad !== undefined) return `invalid label value '${bad}'`;
      continue;
    }
    m = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(\S*)$/.exec(r);
    if (m) {
      if (!KEY.test(m[1] ?? '')) return `invalid label key '${m[1]}'`;
      if ((m[2] === '<' || m[2] === '>') && !/^-?\d+$/.test(m[3] ?? '')) return `'${m[2]}' needs an integer value`;
      if (!VALUE.test(m[3] ?? '')) return `invalid label value '${m[3]}'`;
      continue;
    }
    if (KEY.test(r)) continue;
    return `cannot parse requirement '${r}'`;
  }
  return undefined;
}
