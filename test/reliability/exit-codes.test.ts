/**
 * Honest exit codes (CONTRACT: 2 when nothing in the cluster could be read): RBAC refusing every
 * read is an error, not an empty success; a partial read stays a warning; a Service that does
 * not exist is an error; malformed list items are skipped with one warning naming them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureEnv, runCli, type CliRun } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import { startHostileApiServer } from './hostile-apiserver.ts';

let server: FakeApiServer;
let kubeconfig: string;

before(async () => {
  server = await startFakeApiServer(fixtureCluster('kubeadm'));
  kubeconfig = writeKubeconfig(server, { namespace: 'shop' });
});
after(async () => {
  await server.close();
  rmSync(dirname(kubeconfig), { recursive: true, force: true });
});

function run(argv: string[]): Promise<CliRun> {
  return runCli([...argv, '--kubeconfig', kubeconfig]);
}

describe('nothing read is exit 2, never an empty success', { timeout: 60_000 }, () => {
  for (const argv of [['records'], ['records', '-A'], ['snapshot'], ['snapshot', '-A']]) {
    test(`${argv.join(' ')} with every list forbidden`, async () => {
      server.switches.faults = [{ verb: 'list', status: 403 }];
      const r = await run(argv);
      assert.equal(r.code, 2);
      assert.equal(r.out, '', 'nothing on stdout (no empty listing, no empty snapshot)');
      const last = r.err.trim().split('\n').at(-1)!;
      assert.match(last, /^error: nothing could be read: RBAC refused all \d+ reads .*check with: kubectl auth can-i list /);
    });
  }

  test('a partial read keeps the documented behaviour: warnings and exit 0', async () => {
    server.switches.faults = [{ verb: 'list', resource: 'pods', status: 403 }];
    const r = await run(['records']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /warning: not read: pods -n shop: forbidden/);
    assert.match(r.out, /web\.shop\.svc\.cluster\.local\./);
  });
});

describe('records --service NAME', { timeout: 60_000 }, () => {
  test('a Service that does not exist: exit 2 and one line naming it and the namespace', async () => {
    server.switches.faults = [];
    const r = await run(['records', '--service', 'nosuch']);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err, 'error: service "nosuch" not found in namespace "shop"\n');
  });

  test('-A: not found in any namespace', async () => {
    server.switches.faults = [];
    const r = await run(['records', '-A', '--service', 'nosuch']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'error: service "nosuch" not found in any namespace\n');
  });

  test('a Service that exists still lists (exit 0)', async () => {
    server.switches.faults = [];
    const r = await run(['records', '--service', 'web']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /web\.shop\.svc\.cluster\.local\./);
  });

  test('when Services could not be listed, absence is unknown: a warning, not a not-found error', async () => {
    server.switches.faults = [{ verb: 'list', resource: 'services', namespace: 'shop', status: 403 }];
    const r = await run(['records', '--service', 'web']);
    assert.notEqual(r.err, 'error: service "web" not found in namespace "shop"\n');
    assert.match(r.err, /warning: not read: services -n shop/);
  });
});

describe('malformed list items', { timeout: 60_000 }, () => {
  test('records skips them with one warning per list naming them, and lists the rest', async () => {
    const hostile = await startHostileApiServer({ kind: 'null-items' });
    const kc = writeKubeconfig(hostile, { namespace: 'shop' });
    try {
      const e = captureEnv(['records', '--kubeconfig', kc]);
      const code = await main(e);
      const err = e.err.join('');
      assert.ok(code === 0 || code === 1, err);
      assert.match(err, /warning: skipped 7 malformed objects in services -n shop \(no metadata\.name\): item 0 of \/api\/v1\/namespaces\/shop\/services \(null\); item 2 .*\(a number\); item 3 .*\(an array\); and 4 more/);
      assert.equal(err.match(/malformed objects in services -n shop/g)?.length, 1);
    } finally {
      await hostile.close();
      rmSync(dirname(kc), { recursive: true, force: true });
    }
  });
});
