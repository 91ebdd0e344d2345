// Renders krew-manifest.yaml (krew-release-bot template syntax) for one release from the
// archives actually built, so every sha256 matches the file users will download:
//   {{ .TagName }}                 the release tag, "v" + semver (must match package.json)
//   {{ .Repo }}                    OWNER/NAME on GitHub (--repo, else $GITHUB_REPOSITORY)
//   {{ addURIAndSha "URL" .TagName }}   → `uri: URL` and `sha256: <sha256 of ARCHIVES/basename(URL)>`
//
// Usage: node scripts/release-manifest.ts --tag v0.1.0 --archives out/ [--repo OWNER/NAME]
//          [--template krew-manifest.yaml] [--out out/dns.yaml]
// The output is validated with krew's rules (scripts/krew-validate.ts) before it is written.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { checkArchives, validateManifest, type Manifest } from './krew-validate.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Used when neither --repo nor GITHUB_REPOSITORY says where the project lives. */
export const DEFAULT_REPO = 'kubectl-dns/kubectl-dns';

export interface RenderInput {
  tag: string;
  repo: string;
  /** sha256 of an archive, by its file name; undefined = not built. */
  sha256Of(fileName: string): string | undefined;
}

export type RenderResult = { ok: true; text: string } | { ok: false; errors: string[] };

export function renderManifest(template: string, input: RenderInput): RenderResult {
  const errors: string[] = [];
  const vars = (s: string): string => s.replace(/\{\{\s*\.TagName\s*\}\}/g, input.tag).replace(/\{\{\s*\.Repo\s*\}\}/g, input.repo);
  // addURIAndSha first: its URL argument holds {{ .TagName }} itself.
  const text = template
    .replace(/^([ \t]*)\{\{\s*addURIAndSha\s+"((?:[^"\\]|\\.)*)"\s+\.TagName\s*\}\}[ \t]*$/gm, (_all, indent: string, rawUrl: string) => {
      const url = vars(rawUrl);
      const file = basename(new URL(url).pathname);
      const sum = input.sha256Of(file);
      if (sum === undefined) errors.push(`archive ${file} (for ${url}) was not built`);
      return `${indent}uri: ${url}\n${indent}sha256: ${sum ?? ''}`;
    })
    .replace(/^#.*\n/gm, (line) => (/\{\{/.test(line) ? '' : line));
  const rendered = vars(text);
  const leftover = rendered.match(/\{\{[^}]*\}\}/);
  if (leftover) errors.push(`unknown template expression ${leftover[0]}`);
  return errors.length ? { ok: false, errors } : { ok: true, text: rendered };
}

export function sha256File(path: string): string | undefined {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : undefined;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function cli(argv: string[]): number {
  const pkgVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const tag = arg(argv, '--tag') ?? `v${pkgVersion}`;
  const archives = resolve(arg(argv, '--archives') ?? join(ROOT, 'out'));
  const repo = arg(argv, '--repo') ?? process.env['GITHUB_REPOSITORY'] ?? DEFAULT_REPO;
  const templatePath = arg(argv, '--template') ?? join(ROOT, 'krew-manifest.yaml');
  const out = arg(argv, '--out') ?? join(archives, 'dns.yaml');
  if (tag !== `v${pkgVersion}`) {
    process.stderr.write(`error: tag ${tag} does not match package.json version ${pkgVersion}\n`);
    return 2;
  }
  const r = renderManifest(readFileSync(templatePath, 'utf8'), { tag, repo, sha256Of: (f) => sha256File(join(archives, f)) });
  if (!r.ok) {
    for (const e of r.errors) process.stderr.write(`error: ${e}\n`);
    return 1;
  }
  const doc = yaml.load(r.text) as Manifest;
  const problems = [...validateManifest(doc, { fileName: basename(out) }), ...checkArchives(doc, archives)];
  for (const p of problems) process.stderr.write(`${p.severity} ${p.rule}: ${p.message}\n`);
  if (problems.some((p) => p.severity === 'error')) return 1;
  writeFileSync(out, r.text);
  process.stdout.write(`${out}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = cli(process.argv.slice(2));
