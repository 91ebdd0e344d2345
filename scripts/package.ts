// Builds the standalone kubectl-dns for the platform this runs on:
//   1. esbuild bundles bin/kubectl-dns.ts (and the completion entry) into ONE CommonJS file;
//      client-node stays behind its `await import()`: esbuild turns it into a lazy init function,
//      so the module is parsed with the bundle but evaluated only by commands that reach a cluster;
//   2. a Node single executable application (SEA): `node --experimental-sea-config` writes the
//      blob, postject injects it into a copy of this Node binary (Node 24 has no --build-sea);
//   3. the krew archive kubectl-dns_vX.Y.Z_OS_ARCH.tar.gz: kubectl-dns[.exe], kubectl_complete-dns
//      (a tiny launcher that runs `kubectl-dns __complete ARGS`) and LICENSE.
//
// Usage: node scripts/package.ts [--out DIR] [--bundle-only] [--no-strip]
//        node scripts/package.ts --dist     (what `npm run build` runs after tsc: see bundleDist)
// Prints one JSON line per artefact ({artefact, path, bytes, sha256}).
// SEA needs the target platform's own node binary: cross builds are the release workflow's job.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Node's `process.platform`/`process.arch` → krew's os/arch selector values and archive names. */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };
export const ARCH_NAMES: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };

/** The fuse string Node looks for to know a blob was injected (node/src/node_sea.cc). */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface Target {
  os: string;
  arch: string;
}

export function currentTarget(): Target {
  const os = PLATFORM_NAMES[process.platform];
  const arch = ARCH_NAMES[process.arch];
  if (!os || !arch) throw new Error(`unsupported platform ${process.platform}/${process.arch}`);
  return { os, arch };
}

export function binaryName(t: Target): string {
  return `kubectl-dns-${t.os}-${t.arch}${t.os === 'windows' ? '.exe' : ''}`;
}

export function archiveName(version: string, t: Target): string {
  return `kubectl-dns_v${version}_${t.os}_${t.arch}.tar.gz`;
}

/**
 * The SEA entry: one process serves both `kubectl-dns` and `kubectl_complete-dns`
 * (invoked under that name through a symlink, or as `kubectl-dns __complete ARGS`).
 */
const ENTRY = `
import { basename } from 'node:path';
import { main } from './src/cli/main.ts';
import { guardPipes, limitYoungGeneration, processEnv } from './src/cli/env.ts';
import { runCompletion } from './src/cli/completion.ts';
guardPipes();
limitYoungGeneration();
const name = basename(process.argv0 || process.execPath).replace(/\\.exe$/i, '');
const argv = process.argv.slice(2);
if (name.startsWith('kubectl_complete-')) {
  runCompletion(argv).then((code) => process.stdout.write("", () => process.exit(code)));
} else if (argv[0] === '__complete') {
  runCompletion(argv.slice(1)).then((code) => process.stdout.write("", () => process.exit(code)));
} else {
  main({ ...processEnv(), argv }).then((code) => { process.exitCode = code; });
}
`;

/** What both bundles share: every dependency inside, for the oldest Node the package supports. */
const COMMON = { bundle: true, platform: 'node', target: 'node22.19', logLevel: 'silent', legalComments: 'eof' } as const;

export async function bundle(outFile: string): Promise<{ bytes: number; warnings: string[] }> {
  const esbuild = await import('esbuild');
  mkdirSync(dirname(outFile), { recursive: true });
  const result = await esbuild.build({
    ...COMMON,
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'sea-entry.ts' },
    format: 'cjs',
    outfile: outFile,
    minify: true,
    keepNames: false,
    // CommonJS has no import.meta: give the few dependencies that read import.meta.url the bundle's URL.
    define: { 'import.meta.url': '__kdns_import_meta_url' },
    banner: { js: 'var __kdns_import_meta_url=require("node:url").pathToFileURL(__filename).href;' },
  });
  const warnings = result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`);
  return { bytes: statSync(outFile).size, warnings };
}

/**
 * dist/bin, what `npm run build` leaves for `node dist/bin/kubectl-dns.js` and npm installs: the
 * two bin entries bundled as ES modules with code splitting. A start then reads a handful of
 * files instead of resolving ~120 modules (lint-corefile: 190 -> 120 ms on 2 cores), and each
 * dynamic import stays its own chunk, evaluated only by the commands that reach it — client-node
 * (1,200 modules) only for a cluster. Whitespace and syntax are minified (client-node's source
 * is 17 MB otherwise, held in memory by every cluster command); names are kept for --debug traces.
 */
export async function bundleDist(outDir: string): Promise<{ files: number; bytes: number; warnings: string[] }> {
  const esbuild = await import('esbuild');
  rmSync(join(outDir, 'chunks'), { recursive: true, force: true });
  const result = await esbuild.build({
    ...COMMON,
    entryPoints: { 'kubectl-dns': join(ROOT, 'bin/kubectl-dns.ts'), 'kubectl_complete-dns': join(ROOT, 'bin/kubectl_complete-dns.ts') },
    format: 'esm',
    splitting: true,
    outdir: outDir,
    chunkNames: 'chunks/[name]-[hash]',
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    // The CommonJS dependencies (commander, cli-table3, ...) call require(): give ES modules one.
    banner: { js: 'import { createRequire as __kdnsCreateRequire } from "node:module"; const require = __kdnsCreateRequire(import.meta.url);' },
  });
  const outputs = Object.values(result.metafile.outputs);
  const warnings = result.warnings.map((w) => `${w.location?.file ?? ''}:${w.location?.line ?? ''} ${w.text}`);
  return { files: outputs.length, bytes: outputs.reduce((n, o) => n + o.bytes, 0), warnings };
}

function run(cmd: string, args: string[], opts: { cwd?: string } = {}): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: opts.cwd ?? ROOT });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

/** Builds the SEA from the bundle with the node binary running this script (must be the target's). */
export async function buildSea(bundleFile: string, outFile: string, opts: { strip: boolean }): Promise<void> {
  const work = join(dirname(outFile), '.sea');
  mkdirSync(work, { recursive: true });
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify(
      { main: bundleFile, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, useSnapshot: false },
      null,
      2,
    ),
  );
  run(process.execPath, ['--experimental-sea-config', config]);
  rmSync(outFile, { force: true });
  copyFileSync(process.execPath, outFile);
  chmodSync(outFile, 0o755);
  const mac = process.platform === 'darwin';
  const win = process.platform === 'win32';
  // The npm `node` binary carries debug info (about a third of its size): drop it on Linux.
  if (opts.strip && process.platform === 'linux' && spawnSync('strip', ['--version']).status === 0) {
    run('strip', ['--strip-debug', outFile]);
  }
  if (mac) run('codesign', ['--remove-signature', outFile]);
  const postject = 'postject'; // untyped package: import by name at run time
  const { inject } = (await import(postject)) as {
    inject(file: string, name: string, data: Buffer, o: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>;
  };
  await inject(outFile, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    ...(mac ? { machoSegmentName: 'NODE_SEA' } : {}),
  });
  if (mac) run('codesign', ['--sign', '-', outFile]);
  if (win) {
    // Unsigned on purpose: signing needs the release owner's certificate (signtool sign ...).
  }
  rmSync(work, { recursive: true, force: true });
}

/** The completion launcher shipped next to the binary (kubectl looks up kubectl_complete-dns on PATH). */
export function completionLauncher(os: string): { name: string; text: string } {
  if (os === 'windows') {
    return { name: 'kubectl_complete-dns.cmd', text: '@echo off\r\n"%~dp0kubectl-dns.exe" __complete %*\r\n' };
  }
  return {
    name: 'kubectl_complete-dns',
    text: [
      '#!/bin/sh',
      '# kubectl runs this for `kubectl dns <TAB>`; it asks kubectl-dns for the candidates.',
      '# Follows symlinks so a link to it from any PATH directory works.',
      'self=$0',
      'while [ -L "$self" ]; do',
      '  link=$(readlink "$self")',
      '  case $link in /*) self=$link ;; *) self=$(dirname "$self")/$link ;; esac',
      'done',
      'dir=$(dirname "$self")',
      'if [ -x "$dir/kubectl-dns" ]; then exec "$dir/kubectl-dns" __complete "$@"; fi',
      'exec kubectl-dns __complete "$@"',
      '',
    ].join('\n'),
  };
}

export interface TarEntry {
  name: string;
  data: Buffer;
  mode: number;
}

/** A deterministic ustar archive (fixed mtime/owner), gzip-compressed: same inputs, same sha256. */
export function tarGz(entries: TarEntry[], mtimeSec = 0): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    if (Buffer.byteLength(e.name) > 100) throw new Error(`tar name too long: ${e.name}`);
    const h = Buffer.alloc(512);
    const field = (off: number, len: number, value: string): void => {
      h.write(value, off, len, 'ascii');
    };
    const octal = (off: number, len: number, n: number): void => field(off, len, n.toString(8).padStart(len - 1, '0') + '\0');
    field(0, 100, e.name);
    octal(100, 8, e.mode);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, e.data.length);
    octal(136, 12, mtimeSec);
    h.fill(' ', 148, 156); // checksum is computed with its own field as spaces
    field(156, 1, '0');
    field(257, 6, 'ustar\0');
    field(263, 2, '00');
    field(265, 32, 'root');
    field(297, 32, 'root');
    let sum = 0;
    for (const b of h) sum += b;
    field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
    blocks.push(h, e.data);
    const pad = (512 - (e.data.length % 512)) % 512;
    if (pad) blocks.push(Buffer.alloc(pad));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks), { level: 9 });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function readVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

interface Artefact {
  artefact: string;
  path: string;
  bytes: number;
  sha256?: string;
}

async function cli(argv: string[]): Promise<number> {
  const outIdx = argv.indexOf('--out');
  const out = resolve(outIdx >= 0 && argv[outIdx + 1] ? argv[outIdx + 1]! : join(ROOT, 'out'));
  const bundleOnly = argv.includes('--bundle-only');
  const strip = !argv.includes('--no-strip');
  const target = currentTarget();
  const version = readVersion();
  const report = (a: Artefact): void => void process.stdout.write(JSON.stringify(a) + '\n');
  if (argv.includes('--dist')) {
    const dir = join(ROOT, 'dist', 'bin');
    const d = await bundleDist(dir);
    for (const w of d.warnings) process.stderr.write(`esbuild warning: ${w}\n`);
    report({ artefact: 'dist', path: dir, bytes: d.bytes });
    return 0;
  }

  const bundleFile = join(out, 'bundle', 'kubectl-dns.cjs');
  const b = await bundle(bundleFile);
  for (const w of b.warnings) process.stderr.write(`esbuild warning: ${w}\n`);
  report({ artefact: 'bundle', path: bundleFile, bytes: b.bytes });
  if (bundleOnly) return 0;

  const binFile = join(out, binaryName(target));
  await buildSea(bundleFile, binFile, { strip });
  report({ artefact: 'binary', path: binFile, bytes: statSync(binFile).size });

  const isWin = target.os === 'windows';
  const launcher = completionLauncher(target.os);
  const archive = tarGz([
    { name: isWin ? 'kubectl-dns.exe' : 'kubectl-dns', data: readFileSync(binFile), mode: 0o755 },
    { name: launcher.name, data: Buffer.from(launcher.text), mode: 0o755 },
    { name: 'LICENSE', data: readFileSync(join(ROOT, 'LICENSE')), mode: 0o644 },
  ]);
  const archiveFile = join(out, archiveName(version, target));
  writeFileSync(archiveFile, archive);
  const digest = sha256(archive);
  writeFileSync(archiveFile + '.sha256', `${digest}  ${archiveName(version, target)}\n`);
  report({ artefact: 'archive', path: archiveFile, bytes: archive.length, sha256: digest });
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(ROOT, 'LICENSE'))) {
    process.stderr.write('error: LICENSE is missing at the repository root\n');
    process.exit(2);
  }
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
