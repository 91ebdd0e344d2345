/**
 * Writes real kubeconfig files for tests (the shape `kubectl config view --raw` prints), and
 * multi-file KUBECONFIG setups. Files live in a fresh temporary directory per call.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { tempDir as makeTempDir } from './temp.ts';

export interface KubeconfigEntries {
  clusters?: { name: string; server: string; insecure?: boolean; extra?: Record<string, unknown> }[];
  users?: { name: string; token?: string; as?: string; extra?: Record<string, unknown> }[];
  contexts?: { name: string; cluster: string; user: string; namespace?: string }[];
  currentContext?: string;
}

export function kubeconfigText(e: KubeconfigEntries): string {
  const doc: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: (e.clusters ?? []).map((c) => ({
      name: c.name,
      cluster: { server: c.server, ...(c.insecure !== false ? { 'insecure-skip-tls-verify': true } : {}), ...c.extra },
    })),
    users: (e.users ?? []).map((u) => ({
      name: u.name,
      user: { ...(u.token ? { token: u.token } : {}), ...(u.as ? { as: u.as } : {}), ...u.extra },
    })),
    contexts: (e.contexts ?? []).map((c) => ({
      name: c.name,
      context: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) },
    })),
  };
  if (e.currentContext !== undefined) doc['current-context'] = e.currentContext;
  return yaml.dump(doc);
}

/** A temporary directory for kubeconfig files. */
export function tempDir(prefix = 'kubectl-dns-kc-'): string {
  return makeTempDir(prefix);
}

/** The usual single-context kubeconfig pointing at a fake API server. */
export function writeKubeconfig(
  server: { url: string; token: string },
  opts: { namespace?: string; context?: string; dir?: string; file?: string; token?: string } = {},
): string {
  const dir = opts.dir ?? tempDir();
  const path = join(dir, opts.file ?? 'config');
  const context = opts.context ?? 'fake';
  writeFileSync(
    path,
    kubeconfigText({
      clusters: [{ name: 'fake-cluster', server: server.url }],
      users: [{ name: 'fake-user', token: opts.token ?? server.token }],
      contexts: [{ name: context, cluster: 'fake-cluster', user: 'fake-user', ...(opts.namespace ? { namespace: opts.namespace } : {}) }],
      currentContext: context,
    }),
  );
  return path;
}

/** Several kubeconfig files in one directory; returns their paths and the KUBECONFIG value. */
export function writeKubeconfigSet(files: KubeconfigEntries[]): { paths: string[]; KUBECONFIG: string; dir: string } {
  const dir = tempDir();
  const paths = files.map((f, i) => {
    const p = join(dir, `config-${i + 1}`);
    writeFileSync(p, kubeconfigText(f));
    return p;
  });
  return { paths, KUBECONFIG: paths.join(':'), dir };
}
