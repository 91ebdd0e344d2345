#!/usr/bin/env node
// Builds the real components the differential tests hold our models against — CoreDNS (two
// release lines, whole default plugin set), etcd, kube-apiserver, kube-controller-manager,
// kubectl and kwok — from the Go wrapper modules in oracle/ (go.mod + go.sum only, no copied
// sources) into an ignored cache folder.
//
//   node scripts/build-oracle.mjs            build what is missing or out of date
//   node scripts/build-oracle.mjs --all      also the optional ones (kube-controller-manager)
//   node scripts/build-oracle.mjs --check    exit 0 when every binary is up to date, 3 when not,
//                                            4 when Go is absent (builds nothing)
//   node scripts/build-oracle.mjs --list     print the components and where they land
//
// Idempotent: a binary is rebuilt only when its module files, its ldflags or the Go version
// changed (a stamp file beside it). Go's own build cache (GOCACHE) is reused when present.
// Where the binaries land: $KDNS_ORACLE_DIR, else .cache/oracle/ in the repo.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const oracleDir = process.env.KDNS_ORACLE_DIR
  ? resolve(process.env.KDNS_ORACLE_DIR)
  : join(root, '.cache', 'oracle');
export const binDir = join(oracleDir, 'bin');

const K8S = '1.36.3';
const k8sLdflags = [
  `-X 'k8s.io/component-base/version.gitVersion=v${K8S}'`,
  `-X 'k8s.io/component-base/version.gitMajor=1'`,
  `-X 'k8s.io/component-base/version.gitMinor=${K8S.split('.')[1]}'`,
  `-X 'k8s.io/component-base/version.gitTreeState=clean'`,
  `-X 'k8s.io/client-go/pkg/version.gitVersion=v${K8S}'`,
  `-X 'k8s.io/client-go/pkg/version.gitMajor=1'`,
  `-X 'k8s.io/client-go/pkg/version.gitMinor=${K8S.split('.')[1]}'`,
];

/** name → wrapper module, the package to build, ldflags. Order: what the differential suites
 * need most first (CoreDNS, then the API server's set), kubectl and the controller manager last. */
export const components = [
  { name: 'coredns-1.15.0', module: 'oracle/coredns-1.15', pkg: 'github.com/coredns/coredns',
    ldflags: ["-X 'github.com/coredns/coredns/coremain.GitCommit=v1.15.0'"] },
  { name: 'etcd', module: 'oracle/etcd', pkg: '.', ldflags: [] },
  { name: 'kube-apiserver', module: 'oracle/kube', pkg: 'k8s.io/kubernetes/cmd/kube-apiserver', ldflags: k8sLdflags },
  { name: 'kwok', module: 'oracle/kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok', ldflags: [] },
  { name: 'coredns-1.14.3', module: 'oracle/coredns-1.14', pkg: 'github.com/coredns/coredns',
    ldflags: ["-X 'github.com/coredns/coredns/coremain.GitCommit=v1.14.3'"] },
  { name: 'kubectl', module: 'oracle/kube', pkg: 'k8s.io/kubernetes/cmd/kubectl', ldflags: k8sLdflags },
  // No suite needs controllers yet (fixtures carry their EndpointSlices): built with --all only.
  { name: 'kube-controller-manager', module: 'oracle/kube', pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager', ldflags: k8sLdflags, optional: true },
];

export function goVersion() {
  const r = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function stampOf(c, gover) {
  const h = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) {
    const p = join(root, c.module, f);
    if (existsSync(p)) h.update(f).update(readFileSync(p));
  }
  h.update(c.pkg).update(c.ldflags.join(' ')).update(gover);
  return h.digest('hex');
}

export function upToDate(c, gover) {
  const bin = join(binDir, c.name);
  const stamp = `${bin}.stamp`;
  return existsSync(bin) && existsSync(stamp) && readFileSync(stamp, 'utf8') === stampOf(c, gover);
}

function build(c, gover, i, n) {
  const bin = join(binDir, c.name);
  const tmp = `${bin}.tmp`;
  const t0 = Date.now();
  process.stderr.write(`build-oracle: [${i}/${n}] ${c.name} (from ${c.module}) ...\n`);
  const args = ['build', '-trimpath', '-o', tmp, '-ldflags', ['-s', '-w', ...c.ldflags].join(' '), c.pkg];
  const r = spawnSync('go', args, {
    cwd: join(root, c.module),
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=readonly`.trim(), CGO_ENABLED: '0', GOTOOLCHAIN: 'local' },
  });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    const tail = (r.stderr ?? '').trim().split('\n').slice(-15).join('\n');
    process.stderr.write(`${tail}\nbuild-oracle: FAILED ${c.name}: 'go ${args.join(' ')}' in ${c.module} exited ${r.status}\n`);
    return false;
  }
  renameSync(tmp, bin);
  writeFileSync(`${bin}.stamp`, stampOf(c, gover));
  const mb = (statSync(bin).size / 1048576).toFixed(0);
  process.stderr.write(`build-oracle: [${i}/${n}] ${c.name} built in ${((Date.now() - t0) / 1000).toFixed(0)} s (${mb} MB)\n`);
  return true;
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--list')) {
    for (const c of components) console.log(`${c.name}\t${c.module}\t${join(binDir, c.name)}`);
    return 0;
  }
  const gover = goVersion();
  if (!gover) {
    process.stderr.write('build-oracle: Go is not installed (no `go` on PATH); the real components cannot be built\n');
    return 4;
  }
  const wanted = components.filter((c) => !c.optional || argv.includes('--all'));
  const stale = wanted.filter((c) => !upToDate(c, gover));
  if (argv.includes('--check')) return stale.length ? 3 : 0;
  if (!stale.length) {
    process.stderr.write(`build-oracle: all ${wanted.length} components up to date in ${binDir}\n`);
    return 0;
  }
  mkdirSync(binDir, { recursive: true });
  process.stderr.write(`build-oracle: ${stale.length} of ${wanted.length} to build with ${gover} into ${binDir}\n`);
  const failed = [];
  stale.forEach((c, k) => { if (!build(c, gover, k + 1, stale.length)) failed.push(c.name); });
  if (failed.length) {
    process.stderr.write(`build-oracle: ${failed.length} failed: ${failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(main());
