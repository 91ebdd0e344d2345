import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDnsServer, type DnsServerHandle } from '../harness/dns-server.ts';

// Runs the built binary (dist/, as `npm test` builds it first); falls back to the TS entry.
const root = fileURLToPath(new URL('../../', import.meta.url));
const built = `${root}dist/bin/kubectl-dns.js`;
const entry = existsSync(built) ? built : `${root}bin/kubectl-dns.ts`;
const snapshot = `${root}test/fixtures/records/shop.yaml`;
const golden = (name: string) => `${root}test/golden/records/${name}`;

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function runAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function checkGolden(name: string, actual: string): void {
  const path = golden(name);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(path)) writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, 'utf8'), `golden ${name} differs (UPDATE_GOLDEN=1 to regenerate, then read the diff)`);
}

describe('kubectl dns records (built binary, snapshot)', () => {
  it('prints the table grouped by Service (golden)', () => {
    const r = run(['records', '-n', 'shop', '--snapshot', snapshot]);
    assert.equal(r.code, 0, r.stderr);
    checkGolden('shop.txt', r.stdout);
    assert.match(r.stdout, /^Service shop\/db$/m);
    assert.match(r.stdout, /db-0\.db\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.244\.2\.10/);
  });

  it('prints JSON per CONTRACT.md (golden)', () => {
    const r = run(['records', '-n', 'shop', '--snapshot', snapshot, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    checkGolden('shop.json', r.stdout);
    const doc = JSON.parse(r.stdout) as { zone: string; namespace: string; records: Record<string, unknown>[] };
    assert.equal(doc.zone, 'cluster.local.');
    assert.equal(doc.namespace, 'shop');
    for (const rec of doc.records) {
      assert.equal(typeof rec['name'], 'string');
      assert.match(rec['name'] as string, /^[a-z0-9._-]+\.$/);
      assert.ok(['A', 'AAAA', 'CNAME', 'SRV', 'PTR', 'TXT', 'NS'].includes(rec['type'] as string));
      assert.equal(rec['ttl'], 30);
      assert.equal(typeof rec['data'], 'string');
      assert.match(rec['source'] as string, /^(Service|EndpointSlice|Pod) shop\//);
    }
  });

  it('filters by --type and --service, and prints YAML', () => {
    const r = run(['records', '-n', 'shop', '--snapshot', snapshot, '--service', 'db', '--type', 'srv', '-o', 'yaml']);
    assert.equal(r.code, 0, r.stderr);
    const names = [...r.stdout.matchAll(/type: (\w+)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(names)], ['SRV']);
    assert.match(r.stdout, /data: 0 50 5432 db-0\.db\.shop\.svc\.cluster\.local\./);
  });

  it('lists every namespace and the zone apex with -A', () => {
    const r = run(['records', '-A', '--snapshot', snapshot, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { namespace: string; records: { name: string; type: string; data: string }[] };
    assert.equal(doc.namespace, '*');
    assert.ok(doc.records.some((x) => x.name === 'web.other.svc.cluster.local.'));
    assert.ok(doc.records.some((x) => x.name === 'dns-version.cluster.local.' && x.data === '"1.1.0"'));
  });

  it('exits 2 with one line on usage errors and bad input', () => {
    for (const args of [
      ['records', '-n', 'shop', '-A', '--snapshot', snapshot],
      ['records', '-n', 'shop', '--snapshot', snapshot, '--type', 'MX'],
      ['records', '-n', 'shop', '--snapshot', snapshot, '--dns-server', '127.0.0.1'],
      ['records', '-n', 'shop', '--snapshot', snapshot, '--verify', '--dns-server', '127.0.0.1:notaport'],
      ['records', '-n', 'shop', '--snapshot', `${root}test/fixtures/records/does-not-exist.yaml`],
      ['records', '-n', 'nope', '--snapshot', snapshot],
    ]) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^error: /m);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });

  it('has help with examples', () => {
    const r = run(['records', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:/);
    assert.match(r.stdout, /kubectl dns records -n shop --verify/);
  });
});

// A real DNS server (nsd) on loopback serving a zone written by hand for the shop fixture, with one
// stale record (web has moved to another IP), one missing endpoint name (db-1) and db's second
// address missing.
const HAND_ZONE = `$ORIGIN cluster.local.
$TTL 30
@ IN SOA ns.dns.cluster.local. hostmaster.cluster.local. 1 7200 1800 86400 30
@ IN NS ns.dns.cluster.local.
ns.dns IN A 10.96.0.10
web.shop.svc IN A 10.96.99.99
_http._tcp.web.shop.svc IN SRV 0 100 80 web.shop.svc.cluster.local.
_https._tcp.web.shop.svc IN SRV 0 100 443 web.shop.svc.cluster.local.
web.shop.svc IN SRV 0 50 80 web.shop.svc.cluster.local.
web.shop.svc IN SRV 0 50 443 web.shop.svc.cluster.local.
10-244-1-5.web.shop.svc IN A 10.244.1.5
db.shop.svc IN A 10.244.2.10
db.shop.svc IN SRV 0 50 5432 db-0.db.shop.svc.cluster.local.
db.shop.svc IN SRV 0 50 5432 db-1.db.shop.svc.cluster.local.
_pg._tcp.db.shop.svc IN SRV 0 50 5432 db-0.db.shop.svc.cluster.local.
_pg._tcp.db.shop.svc IN SRV 0 50 5432 db-1.db.shop.svc.cluster.local.
db-0.db.shop.svc IN A 10.244.2.10
`;

describe('kubectl dns records --verify against a real DNS server', () => {
  let dns: DnsServerHandle | undefined;
  let skip: string | false = false;
  before(async () => {
    try {
      dns = await startDnsServer({ zones: [{ name: 'cluster.local', text: HAND_ZONE }] });
    } catch (e) {
      skip = `no DNS server: ${(e as Error).message}`;
    }
  });
  after(async () => {
    await dns?.stop();
  });

  it('marks match, mismatch and missing and exits 1', async (t) => {
    if (skip || !dns) return t.skip(skip || 'no DNS server');
    const r = await runAsync([
      'records', '-n', 'shop', '--snapshot', snapshot, '--service', 'web', '--type', 'A,SRV',
      '--verify', '--dns-server', `127.0.0.1:${dns.port}`, '-o', 'json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`verifying 6 records against --dns-server 127\\.0\\.0\\.1:${dns.port}`));
    const doc = JSON.parse(r.stdout) as { records: { name: string; type: string; data: string; observed: string }[]; summary: Record<string, number> };
    const by = (name: string, type: string, data: string) => doc.records.find((x) => x.name === name && x.type === type && x.data === data)?.observed;
    assert.equal(by('web.shop.svc.cluster.local.', 'A', '10.96.12.7'), 'mismatch');
    assert.equal(by('_http._tcp.web.shop.svc.cluster.local.', 'SRV', '0 100 80 web.shop.svc.cluster.local.'), 'match');
    assert.equal(by('web.shop.svc.cluster.local.', 'SRV', '0 50 443 web.shop.svc.cluster.local.'), 'match');
    const { total, match, mismatch, missing } = doc.summary;
    assert.deepEqual({ total, match, mismatch, missing }, { total: 6, match: 5, mismatch: 1, missing: 0 });
    assert.equal(doc.summary['via'], 'dns-server');
  });

  it('finds a missing endpoint name and a missing address of a headless Service', async (t) => {
    if (skip || !dns) return t.skip(skip || 'no DNS server');
    const r = await runAsync([
      'records', '-n', 'shop', '--snapshot', snapshot, '--service', 'db', '--type', 'A',
      '--verify', '--dns-server', `127.0.0.1:${dns.port}`,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /db-0\.db\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.244\.2\.10\s+match/);
    assert.match(r.stdout, /db-1\.db\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.244\.3\.11\s+missing/);
    assert.match(r.stdout, /db\.shop\.svc\.cluster\.local\.\s+A\s+30\s+10\.244\.3\.11\s+(missing|mismatch)/);
    assert.match(r.stdout, /4 records verified via --dns-server 127\.0\.0\.1:\d+: 2 match, \d mismatch, \d missing/);
  });

  it('exits 0 when every record matches', async (t) => {
    if (skip || !dns) return t.skip(skip || 'no DNS server');
    const r = await runAsync([
      'records', '-n', 'shop', '--snapshot', snapshot, '--service', 'web', '--type', 'SRV',
      '--verify', '--dns-server', `127.0.0.1:${dns.port}`,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /4 records verified via .*: 4 match, 0 mismatch, 0 missing/);
  });

  it('reports every record missing, within a bounded time, when nothing answers', async () => {
    const t0 = Date.now();
    const r = await runAsync([
      'records', '-n', 'shop', '--snapshot', snapshot, '--service', 'web', '--type', 'A',
      '--verify', '--dns-server', '127.0.0.1:9', '--query-timeout', '300ms',
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /missing/);
    assert.ok(Date.now() - t0 < 20_000);
  });
});
