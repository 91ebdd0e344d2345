import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { main } from '../../src/cli/main.ts';
import { captureEnv } from '../harness/cli-env.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster } from '../harness/fixtures.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import { tempDir } from '../harness/temp.ts';


let server: FakeApiServer;
let kubeconfig: string;

before(async () => {
  const cluster = fixtureCluster('kubeadm');
  cluster.kubelet = {
    'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf', staticPodPath: '/etc/kubernetes/manifests' },
    'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
  };
  cluster.files = {
    'shop/web-6d4b8c7f9d-2lq8x': {
      '/etc/resolv.conf': 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
      '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.1.10\tweb-6d4b8c7f9d-2lq8x\n',
    },
    // db-0 has resolv.conf but no /etc/hosts; db-1 has nothing (cat exits 1).
    'shop/db-0': { '/etc/resolv.conf': 'nameserver 10.96.0.10\n' },
  };
  server = await startFakeApiServer(cluster);
  kubeconfig = writeKubeconfig(server, { namespace: 'shop' });
});
after(() => server.close());

describe('kubectl dns snapshot', () => {
  test('writes a ClusterSnapshot of the namespace plus DNS objects, kubelet DNS fields, no foreign ConfigMaps', async () => {
    server.switches.faults = [];
    const e = captureEnv(['snapshot', '--kubeconfig', kubeconfig]);
    const code = await main(e);
    assert.equal(code, 0, e.err.join(''));
    const doc = yaml.load(e.out.join('')) as { apiVersion: string; kind: string; items: { kind: string; metadata: { name: string; namespace?: string } }[]; kubelet: Record<string, unknown> };
    assert.equal(doc.apiVersion, 'kubectl-dns/v1');
    assert.equal(doc.kind, 'ClusterSnapshot');
    const names = new Set(doc.items.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    for (const want of ['Service/shop/web', 'EndpointSlice/shop/db-t5h2n', 'StatefulSet/shop/db', 'NetworkPolicy/shop/allow-dns', 'Service/kube-system/kube-dns', 'ConfigMap/kube-system/coredns', 'Deployment/kube-system/coredns', 'Node//node-1', 'Namespace//shop']) {
      assert.ok(names.has(want), `missing ${want}`);
    }
    // Other namespaces' objects and non-DNS ConfigMaps stay out; Secrets are never asked for.
    assert.ok(!names.has('Pod/default/client'));
    assert.ok(!names.has('ConfigMap/kube-system/kube-proxy'));
    assert.ok(!names.has('ConfigMap/shop/kube-root-ca.crt'));
    assert.ok(!server.log.some((l) => l.path.includes('secrets')));
    assert.deepEqual(doc.kubelet['node-1'], { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' });
  });

  test('--with-files reads resolv.conf and hosts through exec; failures are one warning each', async () => {
    server.switches.faults = [];
    const e = captureEnv(['snapshot', '--with-files', '--kubeconfig', kubeconfig]);
    assert.equal(await main(e), 0, e.err.join(''));
    const doc = yaml.load(e.out.join('')) as { files: Record<string, Record<string, string>> };
    assert.deepEqual(Object.keys(doc.files).sort(), ['shop/db-0', 'shop/web-6d4b8c7f9d-2lq8x']);
    assert.match(doc.files['shop/web-6d4b8c7f9d-2lq8x']!['/etc/resolv.conf']!, /^search shop\.svc\.cluster\.local/);
    assert.match(doc.files['shop/web-6d4b8c7f9d-2lq8x']!['/etc/hosts']!, /web-6d4b8c7f9d-2lq8x/);
    assert.deepEqual(Object.keys(doc.files['shop/db-0']!), ['/etc/resolv.conf']);
    const warnings = e.err.join('').split('\n').filter((l) => l.startsWith('warning: pod files'));
    assert.equal(warnings.length, 1, e.err.join(''));
    assert.match(warnings[0]!, /shop\/db-0, shop\/db-1/);
    // Only the selected namespace's running pods were exec'd into.
    const execs = server.log.filter((l) => l.upgrade).map((l) => l.path.split('/')[4]);
    assert.ok(execs.every((ns) => ns === 'shop'));
  });

  test('--with-files with exec forbidden: the snapshot is still written, with a warning', async () => {
    server.switches.exec.mode = 'forbidden';
    const e = captureEnv(['snapshot', '--with-files', '--kubeconfig', kubeconfig]);
    assert.equal(await main(e), 0, e.err.join(''));
    assert.match(e.err.join(''), /warning: pod files not read from .*refused \(403 Forbidden\)/);
    assert.equal((yaml.load(e.out.join('')) as { files?: unknown }).files, undefined);
    server.switches.exec.mode = 'normal';
  });

  test('-A -o json --output-file writes JSON that reads back with every namespace', async () => {
    server.switches.faults = [];
    const dir = tempDir('snap-');
    const file = join(dir, 'cluster.json');
    const e = captureEnv(['snapshot', '-A', '-o', 'json', '--output-file', file, '--kubeconfig', kubeconfig]);
    assert.equal(await main(e), 0, e.err.join(''));
    assert.equal(e.out.join(''), '');
    assert.match(e.err.join(''), /^wrote \d+ objects \(all namespaces/);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { items: { kind: string; metadata: { namespace?: string; name: string } }[] };
    assert.ok(doc.items.some((o) => o.kind === 'Pod' && o.metadata.namespace === 'default' && o.metadata.name === 'client'));
    // Round trip: the snapshot command re-reads its own output.
    const again = captureEnv(['snapshot', '--snapshot', file]);
    assert.equal(await main(again), 0, again.err.join(''));
    const doc2 = yaml.load(again.out.join('')) as { items: unknown[] };
    assert.equal(doc2.items.length, doc.items.length);
  });

  test('forbidden nodes/proxy is a warning, not a failure', async () => {
    server.switches.faults = [{ resource: 'nodes', subresource: 'proxy', status: 403 }];
    const e = captureEnv(['snapshot', '--kubeconfig', kubeconfig]);
    assert.equal(await main(e), 0);
    assert.match(e.err.join(''), /warning: kubelet DNS settings not read \(nodes\/proxy is optional\): forbidden: .*kubectl auth can-i get nodes --subresource=proxy/);
    server.switches.faults = [];
  });

  test('an unreachable API server exits 2 with one line', async () => {
    const dead = writeKubeconfig({ url: 'http://127.0.0.1:9', token: 't' });
    const e = captureEnv(['snapshot', '--kubeconfig', dead, '--request-timeout', '2s']);
    assert.equal(await main(e), 2);
    const err = e.err.join('');
    assert.match(err, /^error: cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:9/);
    assert.equal(err.trim().split('\n').length, 1);
  });

  test('an unknown namespace exits 2 naming it', async () => {
    const e = captureEnv(['snapshot', '-n', 'nope', '--kubeconfig', kubeconfig]);
    assert.equal(await main(e), 2);
    assert.equal(e.err.join(''), 'error: namespace "nope" not found\n');
  });

  test('-n with -A is a usage error', async () => {
    const e = captureEnv(['snapshot', '-n', 'shop', '-A', '--kubeconfig', kubeconfig]);
    assert.equal(await main(e), 2);
    assert.match(e.err.join(''), /either -n NAMESPACE or -A/);
  });

  test('a foreign --snapshot file exits 2 with one line', async () => {
    const dir = tempDir('snap-');
    const file = join(dir, 'pod.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n');
    const e = captureEnv(['snapshot', '--snapshot', file]);
    assert.equal(await main(e), 2);
    assert.match(e.err.join(''), /^error: .*holds a single Pod, not a snapshot/);
  });
});
