/**
 * Kubeconfig selection and merging with kubectl's rules (client-go clientcmd), as pure functions:
 * - `--kubeconfig` alone wins; else the KUBECONFIG list (split on ':'; missing files skipped);
 *   else ~/.kube/config; else the in-cluster service account.
 * - Across files the first file to define a cluster/user/context name wins, and the first
 *   non-empty current-context wins (client-node would throw on a duplicate name instead).
 * - Relative file references resolve against the directory of the file that holds them.
 * - `--context`, `--cluster`, `--user`, `--as`, `-n` override the selected context.
 */
import { dirname, isAbsolute, join } from 'node:path';
import yaml from 'js-yaml';
import { err, ok, type Result } from '../shared/result.ts';
import type { ClusterError } from './errors.ts';

type Obj = Record<string, unknown>;

/** kubectl's global connection flags (ConfigFlags), which kubectl forwards to plugins untouched. */
export interface ClusterFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  as?: string;
  asGroup?: string[];
  requestTimeout?: string;
  snapshot?: string;
}

export interface NamedEntry {
  name: string;
  [key: string]: unknown;
}

/** A kubeconfig in its file shape (`clusters: [{name, cluster}]`, ...). */
export interface RawKubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: NamedEntry[];
  users: NamedEntry[];
  contexts: NamedEntry[];
  'current-context': string;
}

export interface KubeconfigFile {
  path: string;
  text: string;
}

/** Which files kubectl would read, in order. `inCluster` when none applies. */
export function kubeconfigPaths(
  flags: Pick<ClusterFlags, 'kubeconfig'>,
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean,
): { paths: string[]; explicit: boolean } | { inCluster: true } | { none: true } {
  if (flags.kubeconfig) return { paths: [flags.kubeconfig], explicit: true };
  const list = env['KUBECONFIG'];
  if (list !== undefined && list !== '') {
    const seen = new Set<string>();
    const paths = list.split(':').filter((p) => p !== '' && !seen.has(p) && (seen.add(p), true));
    const present = paths.filter(exists);
    if (present.length > 0) return { paths: present, explicit: false };
  }
  const home = env['HOME'] ?? env['USERPROFILE'];
  if (home) {
    const p = join(home, '.kube', 'config');
    if (exists(p)) return { paths: [p], explicit: false };
  }
  if (env['KUBERNETES_SERVICE_HOST'] && env['KUBERNETES_SERVICE_PORT']) return { inCluster: true };
  return { none: true };
}

const PATH_FIELDS: Record<'cluster' | 'user', string[]> = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'tokenFile'],
};

function resolvePaths(section: 'cluster' | 'user', body: Obj, dir: string): Obj {
  const out: Obj = { ...body };
  for (const f of PATH_FIELDS[section]) {
    const v = out[f];
    if (typeof v === 'string' && v !== '' && !isAbsolute(v)) out[f] = join(dir, v);
  }
  if (section === 'user' && out['exec'] && typeof out['exec'] === 'object') {
    const exec = { ...(out['exec'] as Obj) };
    const cmd = exec['command'];
    if (typeof cmd === 'string' && cmd.includes('/') && !isAbsolute(cmd)) exec['command'] = join(dir, cmd);
    out['exec'] = exec;
  }
  return out;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and merges kubeconfig files with kubectl's first-wins rules. */
export function mergeKubeconfigs(files: KubeconfigFile[]): Result<RawKubeconfig, ClusterError> {
  const merged: RawKubeconfig = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [], 'current-context': '' };
  const seen = { clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>() };
  for (const file of files) {
    let doc: unknown;
    try {
      doc = yaml.load(file.text);
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return err({ kind: 'config', detail: `cannot parse kubeconfig ${file.path}: ${reason}` });
    }
    if (doc === undefined || doc === null) continue; // an empty file is allowed, as in kubectl
    if (!isObj(doc)) return err({ kind: 'config', detail: `kubeconfig ${file.path} is not a YAML mapping` });
    const dir = dirname(file.path);
    for (const [list, section] of [
      ['clusters', 'cluster'],
      ['users', 'user'],
      ['contexts', 'context'],
    ] as const) {
      const entries = doc[list];
      if (entries === undefined || entries === null) continue;
      if (!Array.isArray(entries)) return err({ kind: 'config', detail: `kubeconfig ${file.path}: "${list}" is not a list` });
      for (const entry of entries) {
        if (!isObj(entry) || typeof entry['name'] !== 'string') continue;
        const name = entry['name'];
        if (seen[list].has(name)) continue; // first definition wins
        seen[list].add(name);
        const body = isObj(entry[section]) ? (entry[section] as Obj) : {};
        const resolved = section === 'context' ? body : resolvePaths(section, body, dir);
        merged[list].push({ name, [section]: resolved });
      }
    }
    const cur = doc['current-context'];
    if (merged['current-context'] === '' && typeof cur === 'string' && cur !== '') merged['current-context'] = cur;
  }
  return ok(merged);
}

export interface SelectedConfig {
  /** The kubeconfig to hand to client-node: one context, already overridden, current. */
  config: RawKubeconfig;
  context: string;
  cluster: string;
  user: string;
  server: string;
  /** Effective namespace: -n, else the context's, else "default". */
  namespace: string;
  namespaceFromFlag: boolean;
}

function entryBody(list: NamedEntry[], name: string, section: string): Obj | undefined {
  const e = list.find((x) => x.name === name);
  return e && isObj(e[section]) ? (e[section] as Obj) : e ? {} : undefined;
}

/** Applies --context/--cluster/--user/--as/-n to a merged kubeconfig. */
export function selectContext(merged: RawKubeconfig, flags: ClusterFlags): Result<SelectedConfig, ClusterError> {
  const contextName = flags.context ?? merged['current-context'];
  let ctx: Obj | undefined;
  if (contextName) {
    ctx = entryBody(merged.contexts, contextName, 'context');
    if (ctx === undefined && (flags.context !== undefined || !(flags.cluster && flags.user))) {
      const known = merged.contexts.map((c) => c.name);
      return err({
        kind: 'config',
        detail: `context "${contextName}" not found in the kubeconfig${known.length ? ` (known: ${known.join(', ')})` : ''}`,
      });
    }
  } else if (!(flags.cluster && flags.user)) {
    return err({ kind: 'config', detail: 'the kubeconfig has no current-context: pass --context NAME' });
  }
  const clusterName = flags.cluster ?? (typeof ctx?.['cluster'] === 'string' ? (ctx['cluster'] as string) : '');
  const userName = flags.user ?? (typeof ctx?.['user'] === 'string' ? (ctx['user'] as string) : '');
  const cluster = entryBody(merged.clusters, clusterName, 'cluster');
  if (cluster === undefined) {
    return err({ kind: 'config', detail: `cluster "${clusterName}" not found in the kubeconfig` });
  }
  if (typeof cluster['server'] !== 'string' || cluster['server'] === '') {
    return err({ kind: 'config', detail: `cluster "${clusterName}" in the kubeconfig has no server` });
  }
  let user = entryBody(merged.users, userName, 'user');
  if (user === undefined) {
    if (flags.user !== undefined) return err({ kind: 'config', detail: `user "${userName}" not found in the kubeconfig` });
    user = {}; // kubectl allows a context whose user is absent (anonymous)
  }
  if (flags.as) user = { ...user, as: flags.as };
  const ctxNamespace = typeof ctx?.['namespace'] === 'string' && ctx['namespace'] !== '' ? (ctx['namespace'] as string) : undefined;
  const namespace = flags.namespace ?? ctxNamespace ?? 'default';
  const effective = contextName || `${clusterName}/${userName}`;
  const userEntryName = userName || '(anonymous)';
  const config: RawKubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    users: [{ name: userEntryName, user }],
    contexts: [{ name: effective, context: { cluster: clusterName, user: userEntryName, namespace } }],
    'current-context': effective,
  };
  return ok({
    config,
    context: effective,
    cluster: clusterName,
    user: userName,
    server: cluster['server'] as string,
    namespace,
    namespaceFromFlag: flags.namespace !== undefined,
  });
}
