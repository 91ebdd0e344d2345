/**
 * kubectl's `-o jsonpath=TEMPLATE` and `-o custom-columns=SPEC`, applied to the document `-o json`
 * prints. The paths are evaluated by jsonpath-plus (its safe evaluator, no `eval`); what is ours is
 * kubectl's template layer around them (k8s.io/client-go/util/jsonpath, docs "JSONPath Support"):
 * text outside braces is printed as is; `{.a.b}` (the `$` optional) prints every result, joined by a
 * space; `{"\t"}` is a quoted literal; `{range .x[*]}...{end}` repeats its body with each result as
 * the current object (paths inside are relative to it, `@` is it); strings print raw, numbers and
 * booleans as text, objects and arrays as JSON; a missing key prints nothing (kubectl get's default,
 * --allow-missing-template-keys=true).
 * custom-columns: `HEADER:PATH,...` evaluated on each item of the document's list; several results
 * joined by ",", none is `<none>`; laid out as kubectl's tabwriter does (cells padded by 3, at
 * least 6 wide, the last column unpadded). Pure.
 */
import { JSONPath } from 'jsonpath-plus';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; path: string }
  | { kind: 'range'; path: string; body: Node[] };

export class TemplateError extends Error {}

/** `.a.b`, `@.a`, `@`, `$.a`, `['a']`, `..name` → a jsonpath-plus path from the current object. */
function toJsonPath(expr: string): string {
  const e = expr.trim();
  if (e === '' || e === '@' || e === '$') return '$';
  if (e.startsWith('$')) return e;
  if (e.startsWith('@')) return '$' + e.slice(1);
  if (e.startsWith('.') || e.startsWith('[')) return '$' + e;
  throw new TemplateError(`unrecognized identifier ${e} (a path starts with "." as in {.records[*].name})`);
}

/** Splits a template into text, literals, paths and range blocks. */
export function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  let text = '';
  const flushText = () => {
    if (text) stack[stack.length - 1]!.push({ kind: 'text', text });
    text = '';
  };
  while (i < template.length) {
    const c = template[i]!;
    if (c !== '{') {
      if (c === '}') throw new TemplateError(`unexpected "}" at ${i + 1} in template ${template}`);
      text += c;
      i++;
      continue;
    }
    // find the closing brace, skipping quoted strings
    let j = i + 1;
    let quote = false;
    for (; j < template.length; j++) {
      const d = template[j]!;
      if (quote) {
        if (d === '\\') j++;
        else if (d === '"') quote = false;
      } else if (d === '"') quote = true;
      else if (d === '}') break;
    }
    if (j >= template.length) throw new TemplateError(`unclosed action: "{" at ${i + 1} has no "}" in template ${template}`);
    const inner = template.slice(i + 1, j).trim();
    i = j + 1;
    if (inner.startsWith('"')) {
      try {
        // a raw tab or newline (typed in a shell) is taken as itself
        text += JSON.parse(inner.replace(/\t/g, '\\t').replace(/\n/g, '\\n')) as string;
      } catch {
        throw new TemplateError(`bad quoted text ${inner} in template`);
      }
      continue;
    }
    flushText();
    const top = stack[stack.length - 1]!;
    if (inner === 'end') {
      if (stack.length === 1) throw new TemplateError('{end} without {range ...}');
      stack.pop();
      continue;
    }
    const range = /^range\s+(.+)$/.exec(inner);
    if (range) {
      const node: Node = { kind: 'range', path: toJsonPath(range[1]!), body: [] };
      top.push(node);
      stack.push(node.body);
      continue;
    }
    top.push({ kind: 'path', path: toJsonPath(inner) });
  }
  flushText();
  if (stack.length > 1) throw new TemplateError('{range ...} without {end}');
  return root;
}

function evaluate(path: string, json: unknown): unknown[] {
  if (path === '$') return [json];
  if (json === null || typeof json !== 'object') return [];
  try {
    return JSONPath({ path, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
  } catch (e) {
    throw new TemplateError(`cannot evaluate ${path}: ${(e as Error).message}`);
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function run(nodes: Node[], current: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'path') out += evaluate(n.path, current).map(show).join(' ');
    else {
      const results = evaluate(n.path, current);
      // `{range .records}` (an array itself) walks its elements, as `{range .records[*]}` does
      const items = results.length === 1 && Array.isArray(results[0]) ? (results[0] as unknown[]) : results;
      for (const item of items) out += run(n.body, item);
    }
  }
  return out;
}

/** `-o jsonpath=TEMPLATE` on a document. kubectl adds no newline at the end; neither does this. */
export function renderJsonPath(template: string, doc: unknown): string {
  return run(parseTemplate(template), doc);
}

export interface Column {
  header: string;
  path: string;
}

/** `NAME:.name,DATA:.data` (paths may be in braces, as kubectl allows). */
export function parseCustomColumns(spec: string): Column[] {
  if (spec.trim() === '') throw new TemplateError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const at = part.indexOf(':');
    if (at <= 0) throw new TemplateError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    const header = part.slice(0, at);
    const raw = part.slice(at + 1).trim();
    const expr = raw.startsWith('{') && raw.endsWith('}') ? raw.slice(1, -1) : raw;
    return { header, path: toJsonPath(expr) };
  });
}

/** The rows kubectl's tabwriter lays out: each cell but the last padded to its column's width (+3, at least 6). */
export function tabwriter(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (k < r.length - 1 ? (widths[k] = Math.max(widths[k] ?? 6, c.length + 3)) : undefined));
  return rows.map((r) => r.map((c, k) => (k < r.length - 1 ? c.padEnd(widths[k]!) : c)).join('') + '\n').join('');
}

/** `-o custom-columns=SPEC` over a list of items (the document's list, or the document itself). */
export function renderCustomColumns(spec: string, items: readonly unknown[], opts: { noHeaders?: boolean } = {}): string {
  const columns = parseCustomColumns(spec);
  const rows = items.map((item) =>
    columns.map((c) => {
      const values = evaluate(c.path, item).filter((v) => v !== undefined && v !== null);
      return values.length ? values.map(show).join(',') : '<none>';
    }),
  );
  return tabwriter(opts.noHeaders ? rows : [columns.map((c) => c.header), ...rows]);
}
