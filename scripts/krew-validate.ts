// krew's manifest rules as data, so a rendered krew-manifest.yaml is checked here before it
// reaches krew-index. Sources (kubernetes-sigs/krew): internal/index/validation/validate.go
// (ValidatePlugin, validatePlatform, validateFiles, validateSelector, IsSafePluginName),
// internal/installation/semver (a version is "v" + semver), pkg/constants (apiVersion, kind),
// cmd/validate-krew-manifest/main.go (line lengths, every platform matches a supported os/arch,
// no two platforms select the same os/arch, file name = plugin name + ".yaml"), and the
// krew-index policy that a LICENSE ships in the archive.
//
// Usage: node scripts/krew-validate.ts MANIFEST.yaml [--archives DIR]
//   with --archives, every platform's sha256 must match DIR/<basename of uri>, and every
//   `files[].from` and LICENSE must be inside that archive.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import yaml from 'js-yaml';

export const KREW_API_VERSION = 'krew.googlecontainertools.github.com/v1alpha2';
export const KREW_KIND = 'Plugin';

/** The <os, arch> pairs krew installs on (validate-krew-manifest allPlatforms, as of krew 0.4.x). */
export const KREW_PLATFORMS: readonly (readonly [string, string])[] = [
  ['windows', '386'],
  ['windows', 'amd64'],
  ['windows', 'arm64'],
  ['linux', '386'],
  ['linux', 'amd64'],
  ['linux', 'arm'],
  ['linux', 'arm64'],
  ['linux', 'ppc64le'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
];

const WINDOWS_FORBIDDEN = ['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])];
/** semver 2.0.0 with krew's mandatory leading "v". */
const SEMVER_V =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export interface Expression {
  key: string;
  operator: string;
  values?: string[];
}
export interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Expression[];
}
export interface FileOp {
  from?: string;
  to?: string;
}
export interface Platform {
  selector?: Selector | null;
  uri?: string;
  sha256?: string;
  bin?: string;
  files?: FileOp[] | null;
}
export interface Manifest {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    version?: string;
    homepage?: string;
    shortDescription?: string;
    description?: string;
    caveats?: string;
    platforms?: Platform[];
  };
}

export interface Problem {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface ValidateOptions {
  /** The manifest's file name: krew-index requires `<plugin name>.yaml`. */
  fileName?: string;
}

/** Does the label selector match the labels {os, arch}? (metav1.LabelSelectorAsSelector semantics) */
export function selectorMatches(sel: Selector, os: string, arch: string): boolean {
  const labels: Record<string, string> = { os, arch };
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    const value = labels[e.key];
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(value!))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function lineTooLong(text: string | undefined, max: number): boolean {
  // validate-krew-manifest allows a long line only when it is a single word
  return (text ?? '').split('\n').some((l) => l.length > max && l.trim().includes(' '));
}

type Rule = {
  id: string;
  severity: 'error' | 'warning';
  /** Returns one message per problem found. */
  check(m: Manifest, o: ValidateOptions): string[];
};

const platforms = (m: Manifest): Platform[] => (Array.isArray(m.spec?.platforms) ? m.spec.platforms : []);
const each = (m: Manifest, f: (p: Platform, i: number) => string | undefined): string[] =>
  platforms(m).flatMap((p, i) => {
    const r = f(p ?? {}, i);
    return r ? [`spec.platforms[${i}]: ${r}`] : [];
  });

/** krew's rules, one entry per check, in the order krew applies them. */
export const KREW_RULES: readonly Rule[] = [
  { id: 'api-version', severity: 'error', check: (m) => (m.apiVersion === KREW_API_VERSION ? [] : [`apiVersion must be ${KREW_API_VERSION}, not ${JSON.stringify(m.apiVersion)}`]) },
  { id: 'kind', severity: 'error', check: (m) => (m.kind === KREW_KIND ? [] : [`kind must be ${KREW_KIND}, not ${JSON.stringify(m.kind)}`]) },
  {
    id: 'safe-name',
    severity: 'error',
    check: (m) => {
      const n = m.metadata?.name ?? '';
      if (!/^[\w-]+$/.test(n)) return [`metadata.name ${JSON.stringify(n)} must match ^[\\w-]+$`];
      if (WINDOWS_FORBIDDEN.some((f) => f.toLowerCase() === n.toLowerCase())) return [`metadata.name ${n} is a reserved Windows file name`];
      return [];
    },
  },
  {
    id: 'file-name',
    severity: 'error',
    check: (m, o) => {
      if (o.fileName === undefined) return [];
      if (extname(o.fileName) !== '.yaml') return [`the manifest file must end in .yaml, not ${JSON.stringify(extname(o.fileName))}`];
      const n = basename(o.fileName, '.yaml');
      return n === m.metadata?.name ? [] : [`the plugin should be named ${JSON.stringify(n)} (its file name), not ${JSON.stringify(m.metadata?.name)}`];
    },
  },
  { id: 'short-description', severity: 'error', check: (m) => (m.spec?.shortDescription ? [] : ['spec.shortDescription is required']) },
  { id: 'short-description-one-line', severity: 'error', check: (m) => (/[\r\n]/.test(m.spec?.shortDescription ?? '') ? ['spec.shortDescription must not have line breaks'] : []) },
  { id: 'platforms-present', severity: 'error', check: (m) => (platforms(m).length > 0 ? [] : ['spec.platforms must list at least one platform']) },
  { id: 'version-present', severity: 'error', check: (m) => (m.spec?.version ? [] : ['spec.version is required']) },
  {
    id: 'version-semver',
    severity: 'error',
    check: (m) => (!m.spec?.version || SEMVER_V.test(m.spec.version) ? [] : [`spec.version ${JSON.stringify(m.spec.version)} must be "v" followed by a semantic version (v1.2.3)`]),
  },
  { id: 'uri-present', severity: 'error', check: (m) => each(m, (p) => (p.uri ? undefined : '`uri` has to be set')) },
  { id: 'uri-https', severity: 'error', check: (m) => each(m, (p) => (!p.uri || p.uri.startsWith('https://') ? undefined : `uri ${p.uri} must be https://`)) },
  { id: 'sha256-present', severity: 'error', check: (m) => each(m, (p) => (p.sha256 ? undefined : '`sha256` sum has to be set')) },
  { id: 'sha256-format', severity: 'error', check: (m) => each(m, (p) => (!p.sha256 || /^[a-f0-9]{64}$/.test(p.sha256) ? undefined : `sha256 ${p.sha256} must be 64 lower-case hex digits`)) },
  { id: 'bin-present', severity: 'error', check: (m) => each(m, (p) => (p.bin ? undefined : '`bin` has to be set')) },
  {
    id: 'files-valid',
    severity: 'error',
    check: (m) =>
      each(m, (p) => {
        if (p.files === undefined || p.files === null) return undefined;
        if (!Array.isArray(p.files) || p.files.length === 0) return '`files` has to be unspecified or non-empty';
        const bad = p.files.find((f) => !f?.from || !f?.to);
        return bad ? '`from` and `to` have to be set on every file operation' : undefined;
      }),
  },
  {
    id: 'bin-in-files',
    severity: 'error',
    check: (m) =>
      each(m, (p) => {
        if (!p.bin || !Array.isArray(p.files)) return undefined;
        const installed = p.files.flatMap((f) => (f?.from && f.to ? [f.to === '.' ? basename(f.from) : f.to.replace(/^\.\//, '')] : []));
        return installed.includes(p.bin.replace(/^\.\//, '')) ? undefined : `bin ${p.bin} is not installed by any files entry`;
      }),
  },
  {
    id: 'selector-valid',
    severity: 'error',
    check: (m) =>
      each(m, (p) => {
        const s = p.selector;
        if (!s) return 'nil selector is not supported';
        if (!s.matchLabels && !(s.matchExpressions ?? []).length) return 'empty selector is not supported';
        const keys = [...Object.keys(s.matchLabels ?? {}), ...(s.matchExpressions ?? []).map((e) => e.key)];
        const bad = keys.find((k) => k !== 'os' && k !== 'arch');
        if (bad) return `selector key ${JSON.stringify(bad)} not supported (only os and arch)`;
        if (s.matchLabels && Object.keys(s.matchLabels).length === 0) return '`matchLabels` specified but empty';
        if (s.matchExpressions && s.matchExpressions.length === 0) return '`matchExpressions` specified but empty';
        return undefined;
      }),
  },
  {
    id: 'platform-supported',
    severity: 'error',
    check: (m) =>
      each(m, (p) =>
        p.selector && !KREW_PLATFORMS.some(([os, arch]) => selectorMatches(p.selector!, os, arch))
          ? `selector ${JSON.stringify(p.selector)} matches no platform krew supports`
          : undefined,
      ),
  },
  {
    id: 'no-overlapping-platforms',
    severity: 'error',
    check: (m) =>
      KREW_PLATFORMS.flatMap(([os, arch]) => {
        const hits = platforms(m).flatMap((p, i) => (p?.selector && selectorMatches(p.selector, os, arch) ? [i] : []));
        return hits.length > 1 ? [`spec.platforms ${hits.join(', ')} all select os=${os}/arch=${arch}`] : [];
      }),
  },
  { id: 'homepage-https', severity: 'warning', check: (m) => (m.spec?.homepage?.startsWith('https://') ? [] : ['spec.homepage should be an https:// URL']) },
  { id: 'description-line-length', severity: 'warning', check: (m) => (lineTooLong(m.spec?.description, 80) ? ['a line in spec.description is longer than 80 characters'] : []) },
  { id: 'short-description-length', severity: 'warning', check: (m) => (lineTooLong(m.spec?.shortDescription, 70) ? ['spec.shortDescription is longer than 70 characters'] : []) },
  { id: 'caveats-line-length', severity: 'warning', check: (m) => (lineTooLong(m.spec?.caveats, 80) ? ['a line in spec.caveats is longer than 80 characters'] : []) },
];

export function validateManifest(doc: unknown, opts: ValidateOptions = {}): Problem[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return [{ rule: 'yaml-mapping', severity: 'error', message: 'the manifest is not a YAML mapping' }];
  }
  const m = doc as Manifest;
  return KREW_RULES.flatMap((r) => r.check(m, opts).map((message) => ({ rule: r.id, severity: r.severity, message })));
}

/** Names of the regular files in a .tar.gz (ustar / GNU tar). */
export function tarGzNames(archive: Buffer): string[] {
  const tar = gunzipSync(archive);
  const names: string[] = [];
  for (let off = 0; off + 512 <= tar.length; ) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number): string => h.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const prefix = str(345, 155);
    const name = (prefix ? prefix + '/' : '') + str(0, 100);
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = str(156, 1);
    if (type === '0' || type === '') names.push(name.replace(/^\.\//, ''));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

/** Checks each platform's sha256 and contents against the archives in `dir`. */
export function checkArchives(doc: Manifest, dir: string): Problem[] {
  return platforms(doc).flatMap((p, i): Problem[] => {
    const where = `spec.platforms[${i}]`;
    if (!p?.uri) return [];
    const file = join(dir, basename(new URL(p.uri).pathname));
    if (!existsSync(file)) return [{ rule: 'archive-present', severity: 'error', message: `${where}: ${file} does not exist` }];
    const data = readFileSync(file);
    const out: Problem[] = [];
    const digest = createHash('sha256').update(data).digest('hex');
    if (digest !== p.sha256) out.push({ rule: 'sha256-matches', severity: 'error', message: `${where}: sha256 ${p.sha256} but ${basename(file)} has ${digest}` });
    let names: string[] = [];
    try {
      names = tarGzNames(data);
    } catch (e) {
      return [...out, { rule: 'archive-readable', severity: 'error', message: `${where}: ${basename(file)} is not a .tar.gz (${(e as Error).message})` }];
    }
    for (const f of p.files ?? []) {
      if (f?.from && !names.includes(f.from)) out.push({ rule: 'files-in-archive', severity: 'error', message: `${where}: ${f.from} is not in ${basename(file)}` });
    }
    if (!names.some((n) => /^LICEN[CS]E(\.\w+)?$/i.test(basename(n)))) {
      out.push({ rule: 'license-in-archive', severity: 'error', message: `${where}: ${basename(file)} has no LICENSE file` });
    }
    return out;
  });
}

function cli(argv: string[]): number {
  const file = argv.find((a) => !a.startsWith('--'));
  const i = argv.indexOf('--archives');
  if (!file) {
    process.stderr.write('usage: node scripts/krew-validate.ts MANIFEST.yaml [--archives DIR]\n');
    return 2;
  }
  let doc: unknown;
  try {
    doc = yaml.load(readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`error: cannot read ${file}: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  const problems = validateManifest(doc, { fileName: basename(file) });
  if (i >= 0 && argv[i + 1] && problems.every((p) => p.severity !== 'error')) problems.push(...checkArchives(doc as Manifest, argv[i + 1]!));
  for (const p of problems) process.stderr.write(`${file}: ${p.severity} ${p.rule}: ${p.message}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  process.stdout.write(`${file}: ${errors} error(s), ${problems.length - errors} warning(s)\n`);
  return errors > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = cli(process.argv.slice(2));
