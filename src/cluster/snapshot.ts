/**
 * Snapshot files (CONTRACT.md): YAML or JSON; a plain `kind: List` or a
 * `kubectl-dns/v1 ClusterSnapshot` with kubelet / nodeResolvConf / files sections.
 * parseSnapshot is pure (text in, Result out); readSnapshotFile is the I/O edge.
 */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { err, ok, type Result } from '../shared/result.ts';
import { toClusterView, toKubeletDnsConfig } from './trim.ts';
import type { ClusterView, KubeletDnsConfig } from '../model/view.ts';

export const SNAPSHOT_API_VERSION = 'kubectl-dns/v1';

/** The raw content of a snapshot: objects as the API returns them plus the side sections. */
export interface RawSnapshot {
  items: Record<string, unknown>[];
  kubelet: Record<string, KubeletDnsConfig>;
  nodeResolvConf: Record<string, string>;
  files: Record<string, Record<string, string>>;
}

export interface LoadedSnapshot {
  raw: RawSnapshot;
  view: ClusterView;
  /** One line each: ignored kinds, dropped sections. */
  warnings: string[];
}

const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') return undefined;
    out[k] = x;
  }
  return out;
}

/** Parses snapshot text; `name` is used in messages (the path). */
export function parseSnapshot(text: string, name: string): Result<LoadedSnapshot, string> {
  if (text.trim() === '') return err(`${name} is empty: expected a kind: List or kind: ClusterSnapshot`);
  if (text.includes('\u0000')) return err(`${name} is not a snapshot: it is binary, not YAML or JSON`);
  let doc: unknown;
  try {
    // A multi-document YAML file is not a snapshot; loadAll tells us so clearly.
    const docs: unknown[] = [];
    yaml.loadAll(text, (d) => {
      if (d !== null && d !== undefined) docs.push(d);
    });
    if (docs.length > 1) {
      return err(`${name} holds ${docs.length} YAML documents: a snapshot is one kind: List or kind: ClusterSnapshot (try: kubectl get ... -o yaml)`);
    }
    doc = docs[0];
  } catch (e) {
    const reason = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    return err(`${name} is not valid YAML or JSON: ${reason}`);
  }
  if (!isObj(doc)) return err(`${name} is not a snapshot: expected a mapping with kind: List or kind: ClusterSnapshot`);
  const kind = doc['kind'];
  const apiVersion = doc['apiVersion'];
  if (kind === 'ClusterSnapshot') {
    if (apiVersion !== SNAPSHOT_API_VERSION) {
      return err(`${name}: unsupported snapshot apiVersion ${JSON.stringify(apiVersion ?? null)} (this version reads ${SNAPSHOT_API_VERSION})`);
    }
  } else if (kind === 'List' || (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(doc['items']))) {
    if (apiVersion !== undefined && apiVersion !== 'v1' && kind === 'List') {
      return err(`${name}: unexpected apiVersion ${JSON.stringify(apiVersion)} for kind: List (expected v1)`);
    }
  } else if (typeof kind === 'string' && isObj(doc['metadata'])) {
    return err(`${name} holds a single ${kind}, not a snapshot: save several objects with kubectl get ... -o yaml (a kind: List) or use kubectl dns snapshot`);
  } else {
    return err(`${name} is not a snapshot: kind is ${JSON.stringify(kind ?? null)}, expected List or ClusterSnapshot`);
  }
  const rawItems = doc['items'] ?? [];
  if (!Array.isArray(rawItems)) return err(`${name}: items is not a list`);
  const items: Record<string, unknown>[] = [];
  const nameless: string[] = [];
  for (const [i, item] of rawItems.entries()) {
    if (!isObj(item)) return err(`${name}: items[${i}] is not an object`);
    if (typeof item['kind'] !== 'string') return err(`${name}: items[${i}] has no kind`);
    const m = item['metadata'];
    if (!isObj(m) || typeof m['name'] !== 'string' || m['name'] === '') {
      // An object without a name cannot be referred to (as the API server would refuse it): skipped, said once.
      nameless.push(`items[${i}] (${item['kind']})`);
      continue;
    }
    items.push(item);
  }
  const warnings: string[] = [];
  if (nameless.length) {
    const shown = nameless.slice(0, 3).join(', ') + (nameless.length > 3 ? ` and ${nameless.length - 3} more` : '');
    warnings.push(`${name}: skipped ${nameless.length} malformed ${nameless.length === 1 ? 'object' : 'objects'} without metadata.name: ${shown}`);
  }
  const kubelet: Record<string, KubeletDnsConfig> = {};
  if (isObj(doc['kubelet'])) {
    for (const [node, cfg] of Object.entries(doc['kubelet'])) {
      if (isObj(cfg)) kubelet[node] = toKubeletDnsConfig(cfg);
      else warnings.push(`${name}: kubelet.${node} is not a mapping; ignored`);
    }
  } else if (doc['kubelet'] !== undefined && doc['kubelet'] !== null) warnings.push(`${name}: kubelet is not a mapping; ignored`);
  let nodeResolvConf: Record<string, string> = {};
  if (doc['nodeResolvConf'] !== undefined && doc['nodeResolvConf'] !== null) {
    const r = stringRecord(doc['nodeResolvConf']);
    if (r) nodeResolvConf = r;
    else warnings.push(`${name}: nodeResolvConf must map node names to file text; ignored`);
  }
  const files: Record<string, Record<string, string>> = {};
  if (isObj(doc['files'])) {
    for (const [pod, paths] of Object.entries(doc['files'])) {
      const r = stringRecord(paths);
      if (r && pod.includes('/')) files[pod] = r;
      else warnings.push(`${name}: files.${pod} must be keyed NS/POD and map paths to text; ignored`);
    }
  } else if (doc['files'] !== undefined && doc['files'] !== null) warnings.push(`${name}: files is not a mapping; ignored`);
  const raw: RawSnapshot = { items, kubelet, nodeResolvConf, files };
  const { view, ignoredKinds } = toClusterView(items, name, { kubelet, nodeResolvConf, files });
  if (ignoredKinds.length) warnings.push(`${name}: ignored objects of kind ${ignoredKinds.join(', ')} (not used for DNS)`);
  return ok({ raw, view, warnings });
}

/** Reads and parses a snapshot file; errors are one line. */
export async function readSnapshotFile(path: string, readText: (p: string) => Promise<string> = (p) => readFile(p, 'utf8')): Promise<Result<LoadedSnapshot, string>> {
  let text: string;
  try {
    text = await readText(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
    return err(`cannot read snapshot ${path}: ${why}`);
  }
  if (text.length > MAX_SNAPSHOT_BYTES) return err(`snapshot ${path} is larger than 512 MB`);
  return parseSnapshot(text, path);
}

/** Fields that only add noise to a snapshot. */
function stripObject(o: Record<string, unknown>): Record<string, unknown> {
  const meta = isObj(o['metadata']) ? { ...o['metadata'] } : undefined;
  if (!meta) return o;
  delete meta['managedFields'];
  if (isObj(meta['annotations'])) {
    const ann = { ...meta['annotations'] };
    delete ann['kubectl.kubernetes.io/last-applied-configuration'];
    if (Object.keys(ann).length) meta['annotations'] = ann;
    else delete meta['annotations'];
  }
  return { ...o, metadata: meta };
}

/** Serialises a snapshot (kind: ClusterSnapshot) as YAML or JSON text. */
export function formatSnapshot(raw: RawSnapshot, format: 'yaml' | 'json', meta: { createdAt?: string; source?: string } = {}): string {
  const doc: Record<string, unknown> = { apiVersion: SNAPSHOT_API_VERSION, kind: 'ClusterSnapshot' };
  if (meta.createdAt || meta.source) {
    doc['metadata'] = { ...(meta.createdAt ? { createdAt: meta.createdAt } : {}), ...(meta.source ? { source: meta.source } : {}) };
  }
  doc['items'] = raw.items.map(stripObject);
  if (Object.keys(raw.kubelet).length) doc['kubelet'] = raw.kubelet;
  if (Object.keys(raw.nodeResolvConf).length) doc['nodeResolvConf'] = raw.nodeResolvConf;
  if (Object.keys(raw.files).length) doc['files'] = raw.files;
  return format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : yaml.dump(doc, { lineWidth: -1, noRefs: true });
}
