/**
 * Pure helpers that turn what the user hands to `lint-corefile` into a Corefile text plus
 * the files CoreDNS would see next to it: a ConfigMap manifest (`-f`), a snapshot file
 * (`--snapshot`), or a directory on disk. No I/O here: texts in, values out.
 */
import yaml from 'js-yaml';
import type { ContainerView, DeploymentView, ProbeView } from '../model/view.ts';
import type { ImportReader } from '../corefile/ast.ts';
import { err, ok, type Result } from '../shared/result.ts';

/** Where the distributions mount the coredns ConfigMap and the import ConfigMaps. */
export const COREDNS_DIR = '/etc/coredns';
/** AKS and k3s mount ConfigMap `coredns-custom` here (keys `*.server`, `*.override`). */
export const CUSTOM_DIR = '/etc/coredns/custom';
export const CUSTOM_CONFIGMAPS: readonly string[] = ['coredns-custom'];

/** A Corefile with the files CoreDNS would find beside it (absolute path -> text). */
export interface CorefileInput {
  source: string;
  text: string;
  baseDir: string;
  files: Record<string, string>;
  /** From the coredns Deployment when known. */
  deployment?: DeploymentView;
  /** CoreDNS version from the Deployment's image tag, when known. */
  imageVersion?: string;
  /** clusterDomain from the snapshot's kubelet section, when known. */
  clusterDomain?: string;
}

interface RawObject {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  data?: unknown;
  items?: unknown;
  spec?: unknown;
  kubelet?: unknown;
}

/** Loads YAML (possibly several documents) or JSON; flattens `kind: List` and ClusterSnapshot items. */
export function loadObjects(text: string): Result<RawObject[], string> {
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text);
  } catch (e) {
    const m = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return err(`not valid YAML or JSON: ${m}`);
  }
  const out: RawObject[] = [];
  const visit = (o: unknown): void => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    const obj = o as RawObject;
    if (Array.isArray(obj.items)) obj.items.forEach(visit);
    if (typeof obj.kind === 'string' && !Array.isArray(obj.items)) out.push(obj);
  };
  docs.forEach(visit);
  return ok(out);
}

function stringData(o: RawObject): Record<string, string> {
  const data: Record<string, string> = {};
  if (o.data && typeof o.data === 'object') {
    for (const [k, v] of Object.entries(o.data as Record<string, unknown>)) if (typeof v === 'string') data[k] = v;
  }
  return data;
}

function nameOf(o: RawObject): string {
  return typeof o.metadata?.name === 'string' ? o.metadata.name : '';
}
function namespaceOf(o: RawObject): string {
  return typeof o.metadata?.namespace === 'string' ? o.metadata.namespace : '';
}

/**
 * `-f configmap.yaml`: the ConfigMap with a `Corefile` key (its other keys become files in
 * /etc/coredns, as the kubeadm/k3s volume mounts them), plus any `coredns-custom` ConfigMap
 * in the same manifest (files in /etc/coredns/custom).
 */
export function corefileFromManifest(text: string, source: string): Result<CorefileInput, string> {
  const loaded = loadObjects(text);
  if (!loaded.ok) return loaded;
  const cms = loaded.value.filter((o) => o.kind === 'ConfigMap');
  const main = cms.find((o) => typeof stringData(o)['Corefile'] === 'string');
  if (!main) {
    return err(cms.length ? `no ConfigMap in ${source} has a "Corefile" key` : `${source} holds no ConfigMap`);
  }
  return ok(fromConfigMaps(main, cms, `${source} (data.Corefile)`));
}

function fromConfigMaps(main: RawObject, all: RawObject[], source: string): CorefileInput {
  const data = stringData(main);
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) files[`${COREDNS_DIR}/${k}`] = v;
  for (const cm of all) {
    if (cm === main || !CUSTOM_CONFIGMAPS.includes(nameOf(cm))) continue;
    for (const [k, v] of Object.entries(stringData(cm))) files[`${CUSTOM_DIR}/${k}`] = v;
  }
  return { source, text: data['Corefile'] ?? '', baseDir: COREDNS_DIR, files };
}

/** `--snapshot FILE`: ConfigMap kube-system/coredns, its import ConfigMaps, the Deployment and the kubelet domain. */
export function corefileFromSnapshot(text: string, path: string): Result<CorefileInput, string> {
  const loaded = loadObjects(text);
  if (!loaded.ok) return err(`snapshot ${path}: ${loaded.error}`);
  const objs = loaded.value;
  const inKs = (o: RawObject): boolean => namespaceOf(o) === 'kube-system' || namespaceOf(o) === '';
  const cms = objs.filter((o) => o.kind === 'ConfigMap' && inKs(o));
  const main = cms.find((o) => nameOf(o) === 'coredns' && typeof stringData(o)['Corefile'] === 'string');
  if (!main) return err(`snapshot ${path} has no ConfigMap kube-system/coredns with a Corefile key`);
  const input = fromConfigMaps(main, cms, 'configmap kube-system/coredns');
  const dep = objs.find((o) => o.kind === 'Deployment' && inKs(o) && nameOf(o) === 'coredns');
  if (dep) {
    const view = toDeploymentView(dep);
    input.deployment = view;
    const image = view.containers.find((c) => /coredns/i.test(c.image))?.image;
    const tag = image ? imageTagVersion(image) : undefined;
    if (tag) input.imageVersion = tag;
  }
  const domain = snapshotClusterDomain(loaded.value, text);
  if (domain) input.clusterDomain = domain;
  return ok(input);
}

function snapshotClusterDomain(_objs: RawObject[], text: string): string | undefined {
  try {
    const doc = yaml.load(text) as RawObject | undefined;
    const kubelet = doc && typeof doc === 'object' ? doc.kubelet : undefined;
    if (!kubelet || typeof kubelet !== 'object') return undefined;
    for (const cfg of Object.values(kubelet as Record<string, { clusterDomain?: unknown }>)) {
      if (cfg && typeof cfg.clusterDomain === 'string' && cfg.clusterDomain) return cfg.clusterDomain;
    }
  } catch {
    return undefined; // several documents: no kubelet section
  }
  return undefined;
}

/** `registry.k8s.io/coredns/coredns:v1.11.3` -> `1.11.3`; digests and non-version tags -> undefined. */
export function imageTagVersion(image: string): string | undefined {
  const noDigest = image.split('@')[0] ?? '';
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const m = /^v?(\d+\.\d+\.\d+)/.exec(noDigest.slice(colon + 1));
  return m ? m[1] : undefined;
}

type Raw = Record<string, unknown>;
const rec = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toProbe(v: unknown): ProbeView | undefined {
  const p = rec(v);
  const http = rec(p['httpGet']);
  if (http['port'] !== undefined) {
    const port = http['port'];
    return {
      httpGet: {
        port: typeof port === 'number' ? port : String(port),
        ...(str(http['path']) ? { path: str(http['path'])! } : {}),
        ...(str(http['scheme']) ? { scheme: str(http['scheme'])! } : {}),
      },
    };
  }
  return undefined;
}

/** Trims a Deployment as the API returns it to the fields the probe rules read. */
export function toDeploymentView(o: RawObject): DeploymentView {
  const spec = rec(o.spec);
  const podSpec = rec(rec(spec['template'])['spec']);
  const containers: ContainerView[] = arr(podSpec['containers']).map((c0) => {
    const c = rec(c0);
    const liveness = toProbe(c['livenessProbe']);
    const readiness = toProbe(c['readinessProbe']);
    return {
      name: str(c['name']) ?? '',
      image: str(c['image']) ?? '',
      ports: arr(c['ports']).map((p0) => {
        const p = rec(p0);
        return {
          ...(str(p['name']) ? { name: str(p['name'])! } : {}),
          containerPort: Number(p['containerPort']),
          protocol: str(p['protocol']) ?? 'TCP',
        };
      }),
      ...(liveness ? { livenessProbe: liveness } : {}),
      ...(readiness ? { readinessProbe: readiness } : {}),
    };
  });
  const status = rec((o as Raw)['status']);
  return {
    namespace: namespaceOf(o),
    name: nameOf(o),
    labels: {},
    replicas: Number(spec['replicas'] ?? 1),
    readyReplicas: Number(status['readyReplicas'] ?? 0),
    availableReplicas: Number(status['availableReplicas'] ?? 0),
    selector: {},
    containers,
    configMapVolumes: [],
  };
}

/** Converts a glob's last path part to a RegExp (CoreDNS uses Go's filepath.Glob: *, ?, [..]). */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if ('\\^$+.()|{}[]'.includes(ch)) re += '\\' + ch;
    else re += ch;
  }
  return new RegExp('^' + re + '$');
}

/** Joins a possibly relative path onto baseDir, POSIX style, resolving `.` and `..`. */
export function resolvePath(path: string, baseDir: string): string {
  const parts = (path.startsWith('/') ? path : `${baseDir}/${path}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return '/' + out.join('/');
}

/** An ImportReader over an in-memory file map (the ConfigMap keys as CoreDNS's mount shows them). */
export function memoryReader(files: Readonly<Record<string, string>>): ImportReader {
  return {
    readFile: (path) => files[resolvePath(path, '/')],
    glob: (pattern, baseDir) => {
      const abs = resolvePath(pattern, baseDir);
      const re = globToRegExp(abs);
      return Object.keys(files)
        .filter((p) => re.test(p))
        .sort();
    },
  };
}
