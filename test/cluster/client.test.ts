import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { connect, connectResult } from '../../src/cluster/client.ts';
import { describeClusterError } from '../../src/cluster/errors.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster, generateCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';

let server: FakeApiServer;
let kubeconfig: string;

before(async () => {
  server = await startFakeApiServer(fixtureCluster('kubeadm'));
  kubeconfig = writeKubeconfig(server, { namespace: 'shop' });
});
after(() => server.close());

function reset(): void {
  server.switches.faults = [];
  server.switches.latencyMs = 0;
  server.log.length = 0;
}

describe('connect + REST through client-node', () => {
  test('lists a namespace with the token from the kubeconfig; items get kind/apiVersion back', async () => {
    reset();
    const client = await connect({ kubeconfig }, { env: {} });
    assert.equal(client.namespace, 'shop');
    assert.equal(client.context, 'fake');
    const r = await client.list('Service', { namespace: 'shop' });
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((s) => (s['metadata'] as { name: string }).name), ['api', 'db', 'payments', 'web']);
    assert.equal(r.value[0]!['kind'], 'Service');
    assert.equal(r.value[0]!['apiVersion'], 'v1');
    assert.equal(server.log[0]!.headers['authorization'], `Bearer ${server.token}`);
    assert.equal(server.log[0]!.path, '/api/v1/namespaces/shop/services?limit=500');
  });

  test('group resources use /apis paths', async () => {
    reset();
    const client = await connect({ kubeconfig }, { env: {} });
    const r = await client.list('EndpointSlice', { namespace: 'kube-system', labelSelector: 'kubernetes.io/service-name=kube-dns' });
    assert.ok(r.ok);
    assert.equal(r.value.length, 1);
    assert.equal(r.value[0]!['apiVersion'], 'discovery.k8s.io/v1');
    assert.match(server.log[0]!.path, /^\/apis\/discovery\.k8s\.io\/v1\/namespaces\/kube-system\/endpointslices\?/);
  });

  test('-n overrides the context namespace; --as and --as-group reach the server as headers', async () => {
    reset();
    const client = await connect({ kubeconfig, namespace: 'default', as: 'jane', asGroup: ['devs', 'ops'] }, { env: {} });
    assert.equal(client.namespace, 'default');
    assert.ok(client.namespaceFromFlag);
    const r = await client.get('Pod', 'client');
    assert.ok(r.ok, r.ok ? '' : describeClusterError(r.error));
    const h = server.log[0]!.headers;
    assert.equal(h['impersonate-user'], 'jane');
    // One header line per group, as kubectl sends them (a joined "devs, ops" would be one group).
    const raw = server.log[0]!.rawHeaders;
    const groups = raw.filter((_, i) => i % 2 === 1 && raw[i - 1]!.toLowerCase() === 'impersonate-group');
    assert.deepEqual(groups, ['devs', 'ops']);
  });

  test('pagination: 1,200 Services with limit 500 take 3 requests and lose nothing', async () => {
    reset();
    const big = await startFakeApiServer(generateCluster({ services: 1200, namespaces: 1, endpointsPerSlice: 1 }));
    try {
      const client = await connect({ kubeconfig: writeKubeconfig(big) }, { env: {} });
      const r = await client.list('Service', { namespace: 'ns-0' });
      assert.ok(r.ok);
      assert.equal(r.value.length, 1200);
      assert.equal(new Set(r.value.map((s) => (s['metadata'] as { name: string }).name)).size, 1200);
      const calls = big.log.filter((e) => e.path.startsWith('/api/v1/namespaces/ns-0/services'));
      assert.equal(calls.length, 3);
      assert.ok(calls.every((c) => c.query['limit']?.[0] === '500'));
      assert.equal(calls[0]!.query['continue'], undefined);
      assert.ok(calls[1]!.query['continue']?.[0]);
    } finally {
      await big.close();
    }
  });

  test('403 becomes a forbidden error naming verb, resource, namespace and the can-i line', async () => {
    reset();
    server.switches.faults = [{ resource: 'endpointslices', namespace: 'shop', status: 403 }];
    const client = await connect({ kubeconfig }, { env: {} });
    const r = await client.list('EndpointSlice', { namespace: 'shop' });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'forbidden');
    assert.deepEqual(
      { ...r.error, detail: undefined },
      { kind: 'forbidden', verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io', namespace: 'shop', detail: undefined },
    );
    const line = describeClusterError(r.error);
    assert.ok(!line.includes('\n'));
    assert.match(line, /kubectl auth can-i list endpointslices\.discovery\.k8s\.io -n shop$/);
  });

  test('403 on a cluster-scoped resource has no -n in the can-i line', async () => {
    reset();
    server.switches.faults = [{ resource: 'nodes', status: 403 }];
    const client = await connect({ kubeconfig }, { env: {} });
    const r = await client.list('Node');
    assert.ok(!r.ok);
    assert.match(describeClusterError(r.error), /cluster-wide; check with: kubectl auth can-i list nodes$/);
  });

  test('a wrong token gives 401 -> unauthorized (expired credentials)', async () => {
    reset();
    const client = await connect({ kubeconfig: writeKubeconfig(server, { token: 'expired' }) }, { env: {} });
    const r = await client.list('Pod', { namespace: 'shop' });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unauthorized');
    assert.match(describeClusterError(r.error), /401 Unauthorized/);
  });

  test('500 -> server error with the Status message', async () => {
    reset();
    server.switches.faults = [{ resource: 'services', status: 500 }];
    const client = await connect({ kubeconfig }, { env: {} });
    const r = await client.list('Service', { namespace: 'shop' });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'server');
    assert.match(describeClusterError(r.error), /HTTP 500.*injected fault/);
  });

  test('a hanging server + --request-timeout -> timeout error, in bounded time', async () => {
    reset();
    server.switches.faults = [{ resource: 'pods', status: 'hang' }];
    const client = await connect({ kubeconfig, requestTimeout: '300ms' }, { env: {} });
    const t0 = Date.now();
    const r = await client.list('Pod', { namespace: 'shop' });
    const took = Date.now() - t0;
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'timeout');
    assert.ok(took >= 250 && took < 3000, `took ${took} ms`);
    assert.match(describeClusterError(r.error), /within 300ms \(--request-timeout\)/);
  });

  test('latency is injected per request', async () => {
    reset();
    server.switches.latencyMs = 100;
    const client = await connect({ kubeconfig }, { env: {} });
    const t0 = Date.now();
    const r = await client.get('Namespace', 'shop');
    assert.ok(r.ok);
    assert.ok(Date.now() - t0 >= 90);
  });

  test('unknown object -> notFound', async () => {
    reset();
    const client = await connect({ kubeconfig }, { env: {} });
    const r = await client.get('Namespace', 'nope');
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'notFound');
    assert.equal(describeClusterError(r.error), 'namespace "nope" not found');
  });

  test('a closed port -> unreachable', async () => {
    const probe = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((res) => probe.close(() => res()));
    const client = await connect({ kubeconfig: writeKubeconfig({ url: `http://127.0.0.1:${port}`, token: 't' }) }, { env: {} });
    const r = await client.list('Pod', { namespace: 'x' });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'unreachable');
    assert.match(describeClusterError(r.error), /cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)/);
  });

  test('no kubeconfig anywhere -> a config error, not a crash', async () => {
    const r = await connectResult({}, { env: { HOME: '/nonexistent-home' } });
    assert.ok(!r.ok);
    assert.equal(r.error.kind, 'config');
    assert.match(describeClusterError(r.error), /no kubeconfig found/);
  });

  test('an unknown --context is a one-line config error listing the known ones', async () => {
    const r = await connectResult({ kubeconfig, context: 'prod' }, { env: {} });
    assert.ok(!r.ok);
    assert.equal(describeClusterError(r.error), 'context "prod" not found in the kubeconfig (known: fake)');
  });

  test('a bad --request-timeout is a usage error', async () => {
    await assert.rejects(connect({ kubeconfig, requestTimeout: 'soon' }, { env: {} }), /invalid --request-timeout/);
  });
});
