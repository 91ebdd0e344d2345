import Table from 'cli-table3';
import yaml from 'js-yaml';
import type { DnsRecord, RecordsNote } from '../records/types.ts';
import { plain, type Paint } from './paint.ts';

export type Observed = 'match' | 'mismatch' | 'missing';

export interface RecordRow extends DnsRecord {
  observed?: Observed;
  /** Why a record is not a match (text output only). */
  observedReason?: string;
}

export interface RecordsReport {
  zone: string;
  /** The namespace listed, or "*" with -A. */
  namespace: string;
  records: RecordRow[];
  notes: RecordsNote[];
  verify?: {
    /** Where the queries went, e.g. "port-forward to kube-system/coredns-x:53 (TCP)". */
    path: string;
    /** The kind of path: dns-server | port-forward | service, or none (nothing could be asked: predictions only). */
    via?: string;
    /** Why a preferred path was not used (absent when the first choice worked). */
    fallbackReason?: string;
    summary: Record<Observed, number> & { total: number };
  };
}


/** One record as CONTRACT.md has it: name, type, ttl, data, source, then service and observed when known. */
function recordJson(x: RecordRow): Record<string, unknown> {
  const o: Record<string, unknown> = { name: x.name, type: x.type, ttl: x.ttl, data: x.data, source: x.source };
  if (x.service) o['service'] = x.service;
  if (x.observed) o['observed'] = x.observed;
  return o;
}

/** CONTRACT.md shape: zone, namespace, records[{name,type,ttl,data,source,observed?}], plus summary when verifying. */
export function recordsToJson(r: RecordsReport): object {
  return docWith(r, r.records.map(recordJson));
}

function docWith(r: RecordsReport, records: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { zone: r.zone, namespace: r.namespace, records };
  if (r.verify) {
    out['summary'] = {
      ...r.verify.summary,
      path: r.verify.path,
      ...(r.verify.via ? { via: r.verify.via } : {}),
      ...(r.verify.fallbackReason ? { fallbackReason: r.verify.fallbackReason } : {}),
    };
  }
  if (r.notes.length) out['notes'] = r.notes;
  return out;
}

/**
 * `-o json`: the text of JSON.stringify(recordsToJson(r), null, 2) and a newline, in pieces of `batch`
 * records: `records -A` on a big cluster writes tens of MB, and one string of it (plus the copy
 * the write makes) was a third of the peak memory.
 */
export function* recordsJsonChunks(r: RecordsReport, batch = 1000): Generator<string> {
  const doc = docWith(r, r.records);
  const keys = Object.keys(doc);
  yield '{\n';
  for (const [i, key] of keys.entries()) {
    const tail = i < keys.length - 1 ? ',\n' : '\n';
    if (key === 'records' && r.records.length > 0) {
      yield '  "records": [\n';
      const last = r.records.length - 1;
      for (let start = 0; start <= last; start += batch) {
        let piece = '';
        for (let j = start; j < Math.min(start + batch, last + 1); j++) {
          piece += '    ' + JSON.stringify(recordJson(r.records[j]!), null, 2).replaceAll('\n', '\n    ') + (j < last ? ',\n' : '\n');
        }
        yield piece;
      }
      yield `  ]${tail}`;
    } else {
      const value = key === 'records' ? [] : doc[key];
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}${tail}`;
    }
  }
  yield '}\n';
}

export function renderRecordsYaml(r: RecordsReport): string {
  return yaml.dump(recordsToJson(r), { lineWidth: -1, noRefs: true });
}

/**
 * A table per group: each Service ("Service ns/name"), then pods, then the zone apex. `wide` adds
 * the SOURCE column (-o wide); `headers: false` (--no-headers) prints the rows alone, as one table
 * with no group lines, header row or notes (the caller says the notes elsewhere).
 */
export function renderRecordsText(r: RecordsReport, paint: Paint = plain, opts: { wide?: boolean; headers?: boolean; maxWidth?: number } = {}): string {
  // via 'none': --verify found no path the user allowed; the records are predictions (stderr says why).
  const verifying = r.verify !== undefined && r.verify.via !== 'none';
  const headers = opts.headers !== false;
  // -A: one table with a NAMESPACE column first, as `kubectl get -A` prints
  const allNamespaces = r.namespace === '*';
  const groups = new Map<string, RecordRow[]>();
  for (const rec of r.records) {
    const g = headers && !allNamespaces ? groupOf(rec) : '';
    const list = groups.get(g);
    if (list) list.push(rec);
    else groups.set(g, [rec]);
  }
  let out = '';
  if (r.records.length === 0 && headers) {
    out += `No records in ${r.namespace === '*' ? 'any namespace' : `namespace ${r.namespace}`} (zone ${r.zone}).\n`;
  }
  for (const [g, rows] of groups) {
    if (headers && !allNamespaces) out += paint.bold(g) + '\n';
    const head = [...(allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'TYPE', 'TTL', 'DATA', ...(opts.wide ? ['SOURCE'] : []), ...(verifying ? ['OBSERVED'] : [])];
    const table = new Table({
      head: headers ? head : [],
      style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
      chars: {
        top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
        'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
      },
    });
    const cells = rows.map((x) => {
      const row = [...(allNamespaces ? [namespaceOf(x)] : []), x.name, x.type, String(x.ttl), x.data];
      if (opts.wide) row.push(x.source);
      return row;
    });
    const nameAt = allNamespaces ? 1 : 0;
    const fitted = opts.maxWidth && !opts.wide ? fitColumns(headers ? [head.slice(0, cells[0]!.length), ...cells] : cells, [nameAt, nameAt + 3], opts.maxWidth).slice(headers ? 1 : 0) : cells;
    for (const [k, x] of rows.entries()) {
      const row = fitted[k]!;
      if (verifying) row.push(observedCell(x, paint));
      table.push(row);
    }
    out += table.toString().split('\n').map((l) => l.trimEnd()).join('\n') + (headers ? '\n\n' : '\n');
  }
  if (!headers) return out;
  for (const n of r.notes) out += paint.dim(opts.maxWidth ? wrapWords(`note: ${n.message}`, opts.maxWidth, '      ') : `note: ${n.message}`) + '\n';
  if (r.verify && verifying) {
    const s = r.verify.summary;
    const line = `${s.total} records verified via ${r.verify.path}: ${s.match} match, ${s.mismatch} mismatch, ${s.missing} missing`;
    out += (s.mismatch + s.missing > 0 ? paint.red(line) : paint.green(line)) + '\n';
  }
  return out;
}

/**
 * Narrows the `shrinkable` columns (NAME, DATA) until a row of the table (2 spaces between
 * columns) fits in `maxWidth`: always the widest of them by one, never under 12; a cut cell
 * ends with "…".
 */
export function fitColumns(rows: string[][], shrinkable: number[], maxWidth: number): string[][] {
  // loops, not Math.max(...rows): records -A has 90,000 rows, too many arguments for one call
  const widths: number[] = [];
  for (const r of rows) for (let k = 0; k < r.length; k++) widths[k] = Math.max(widths[k] ?? 0, [...r[k]!].length);
  const n = widths.length;
  const total = () => widths.reduce((a, w) => a + w, 0) + 2 * (n - 1);
  // one column at a time, always the widest, so that the cut is shared
  while (total() > maxWidth) {
    const k = shrinkable.filter((c) => widths[c]! > 12).sort((a, b) => widths[b]! - widths[a]!)[0];
    if (k === undefined) break;
    widths[k]!--;
  }
  return rows.map((r) => r.map((cell, k) => (shrinkable.includes(k) && [...cell].length > widths[k]! ? [...cell].slice(0, widths[k]! - 1).join('') + '…' : cell)));
}

/** Breaks text at spaces so no line is longer than `width` (a longer word stays whole); later lines start with `indent`. */
export function wrapWords(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? (lines.length ? indent : '') + word : `${line} ${word}`;
    if ([...next].length > width && line.trim() !== '') {
      lines.push(line);
      line = indent + word;
    } else line = next;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The namespace of the object a record comes from ("Service shop/web" → shop); "-" for the zone apex. */
function namespaceOf(r: RecordRow): string {
  if (r.service) return r.service.split('/')[0]!;
  return /^\S+ ([^/\s]+)\//.exec(r.source)?.[1] ?? '-';
}

function groupOf(r: RecordRow): string {
  if (r.service) return `Service ${r.service}`;
  if (r.source.startsWith('Pod ') || r.source.startsWith('pods ')) return 'Pods';
  if (r.source.startsWith('Zone ')) return r.source;
  return r.source;
}

function observedCell(x: RecordRow, paint: Paint): string {
  if (!x.observed) return '';
  if (x.observed === 'match') return paint.green('match');
  const c = x.observed === 'mismatch' ? paint.red(x.observed) : paint.yellow(x.observed);
  return x.observedReason ? `${c} ${paint.dim(`(${x.observedReason})`)}` : c;
}

/** `-o name`: each record name once, in the table's order. */
export function renderRecordsNames(r: RecordsReport): string {
  return [...new Set(r.records.map((x) => x.name))].map((n) => n + '\n').join('');
}

/**
 * `-o zone`: master-file lines (RFC 1035 section 5.1) as dig prints its answers: NAME TTL IN TYPE
 * DATA, tab-separated; the data is already in presentation format. Notes and the verify summary
 * are `;` comments.
 */
export function renderRecordsZone(r: RecordsReport): string {
  const scope = r.namespace === '*' ? 'every namespace' : `namespace ${r.namespace}`;
  let out = `; records CoreDNS's kubernetes plugin serves for ${scope} (zone ${r.zone})\n`;
  for (const x of r.records) out += `${x.name}\t${x.ttl}\tIN\t${x.type}\t${x.data}${x.observed && x.observed !== 'match' ? `\t; ${x.observed}` : ''}\n`;
  for (const n of r.notes) out += `; note: ${n.message}\n`;
  return out;
}
