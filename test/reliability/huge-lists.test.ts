/**
 * 100,000 objects per list through the fake API server (Services and EndpointSlices, one
 * namespace): no "Maximum call stack size exceeded" (argument spreads of big arrays did that in
 * explain and records -A), every object counted. In-process, stdout counted, not kept.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { runCli, type CliRun } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { generateCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

const COUNT = 100_000;
let server: FakeApiServer;
let kubeconfig: string;

before(async () => {
  const cluster = generateCluster({ services: COUNT, endpointsPerSlice: 1, namespaces: 1 });
  cluster.items.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'client', namespace: 'ns-0' },
    spec: { containers: [{ name: 'c', image: 'busybox' }], dnsPolicy: 'ClusterFirst', nodeName: 'node-2' },
    status: { phase: 'Running', podIP: '10.244.200.1' },
  });
  server = await startFakeApiServer(cluster);
  kubeconfig = writeKubeconfig(server, { namespace: 'ns-0' });
});
after(async () => {
  await server.close();
  rmSync(dirname(kubeconfig), { recursive: true, force: true });
});

function run(argv: string[]): Promise<CliRun> {
  return runCli([...argv, '--kubeconfig', kubeconfig]);
}

describe(`${COUNT.toLocaleString('en-US')} Services and EndpointSlices in one namespace`, { timeout: 240_000 }, () => {
  test('records -A --type PTR lists a PTR for every Service (no stack overflow)', async () => {
    const r = await run(['records', '-A', '--type', 'PTR', '-o', 'json']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { records: { name: string; data: string }[] };
    // One PTR per Service IP and one per endpoint IP (endpoint and pod records share the PTR).
    const services = doc.records.filter((x) => x.data.startsWith('svc-') && /\.ns-0\.svc\.cluster\.local\.$/.test(x.data) && !x.data.includes('.svc-'));
    assert.ok(services.length >= COUNT, `${services.length} Service PTRs`);
    assert.equal(server.count('/api/v1/services'), Math.ceil((COUNT + 2) / 500));
  });

  test('explain across the namespace answers (no stack overflow)', async () => {
    const r = await run(['explain', 'svc-99999', '--from', 'ns-0/client', '-o', 'json']);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { resolved: boolean; answer: { addresses: string[] } };
    assert.equal(doc.resolved, true);
    assert.equal(doc.answer.addresses.length, 1);
  });
});
