import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatSnapshot, parseSnapshot, readSnapshotFile } from '../../src/cluster/snapshot.ts';
import { EXAMPLE_SNAPSHOT, fixturePath } from '../harness/fixtures.ts';

describe('parseSnapshot: malformed and foreign files give one line', () => {
  const cases: { name: string; text: string; error: RegExp }[] = [
    { name: 'empty', text: '  \n', error: /^f is empty: expected a kind: List or kind: ClusterSnapshot$/ },
    { name: 'binary junk', text: '\u0000\u0001ELF', error: /^f is not a snapshot: it is binary/ },
    { name: 'not YAML', text: 'items: [1, 2\nkind: {', error: /^f is not valid YAML or JSON: / },
    { name: 'a scalar', text: 'hello', error: /^f is not a snapshot: expected a mapping/ },
    { name: 'a single object', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n', error: /^f holds a single Service, not a snapshot/ },
    { name: 'several YAML documents', text: 'kind: List\nitems: []\n---\nkind: List\nitems: []\n', error: /^f holds 2 YAML documents/ },
    { name: 'wrong snapshot apiVersion', text: 'apiVersion: kubectl-dns/v9\nkind: ClusterSnapshot\nitems: []\n', error: /unsupported snapshot apiVersion "kubectl-dns\/v9"/ },
    { name: 'foreign kind', text: 'apiVersion: v1\nkind: Config\nclusters: []\n', error: /kind is "Config", expected List or ClusterSnapshot/ },
    { name: 'items not a list', text: 'apiVersion: v1\nkind: List\nitems: {a: 1}\n', error: /items is not a list/ },
    { name: 'an item that is not an object', text: 'apiVersion: v1\nkind: List\nitems: [3]\n', error: /items\[0\] is not an object/ },
    { name: 'an item without kind', text: 'apiVersion: v1\nkind: List\nitems: [{metadata: {name: x}}]\n', error: /items\[0\] has no kind/ },
    { name: 'JSON, truncated', text: '{"apiVersion":"v1","kind":"List","items":[', error: /^f is not valid YAML or JSON/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = parseSnapshot(c.text, 'f');
      assert.ok(!r.ok);
      assert.match(r.error, c.error);
      assert.ok(!r.error.includes('\n'));
    });
  }
});

describe('parseSnapshot: good files', () => {
  test('a kubectl List fixture: every kind trimmed, nothing ignored', () => {
    const r = parseSnapshot(readFileSync(fixturePath('kubeadm'), 'utf8'), 'kubeadm.yaml');
    assert.ok(r.ok, r.ok ? '' : r.error);
    const v = r.value.view;
    assert.equal(v.namespaces.length, 3);
    assert.equal(v.services.length, 6);
    assert.equal(v.endpointSlices.length, 6);
    assert.equal(v.pods.length, 6);
    assert.equal(v.statefulSets.length, 1);
    assert.equal(v.networkPolicies.length, 2);
    assert.deepEqual(r.value.warnings, []);
  });

  test('unknown kinds are ignored with one warning naming them; side sections are read', () => {
    const text = [
      'apiVersion: kubectl-dns/v1',
      'kind: ClusterSnapshot',
      'items:',
      '- {apiVersion: v1, kind: Service, metadata: {name: a, namespace: n}, spec: {clusterIP: 10.0.0.1}}',
      '- {apiVersion: v1, kind: Secret, metadata: {name: s, namespace: n}}',
      '- {apiVersion: batch/v1, kind: Job, metadata: {name: j, namespace: n}}',
      'kubelet:',
      '  node-1: {clusterDNS: [10.96.0.10], clusterDomain: cluster.local, resolvConf: /etc/resolv.conf, maxPods: 110}',
      'nodeResolvConf: {node-1: "nameserver 10.0.0.2\\n"}',
      'files:',
      '  default/test: {"/etc/resolv.conf": "nameserver 10.96.0.10\\n"}',
      '  bad-key: {"/etc/hosts": "x"}',
    ].join('\n');
    const r = parseSnapshot(text, 's.yaml');
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.value.view.services.length, 1);
    assert.deepEqual(r.value.view.kubelet, { 'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/etc/resolv.conf' } });
    assert.deepEqual(r.value.view.nodeResolvConf, { 'node-1': 'nameserver 10.0.0.2\n' });
    assert.deepEqual(Object.keys(r.value.view.files), ['default/test']);
    assert.deepEqual(r.value.warnings, [
      's.yaml: files.bad-key must be keyed NS/POD and map paths to text; ignored',
      's.yaml: ignored objects of kind Job, Secret (not used for DNS)',
    ]);
  });

  test('the bundled example snapshot loads with kubelet, nodeResolvConf and files', async () => {
    const r = await readSnapshotFile(EXAMPLE_SNAPSHOT);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.value.view.kubelet['node-2']?.clusterDomain, 'cluster.local');
    assert.match(r.value.view.files['default/client']?.['/etc/resolv.conf'] ?? '', /^search default\.svc\.cluster\.local svc\.cluster\.local cluster\.local\nnameserver 10\.96\.0\.10\noptions ndots:5\n$/);
    assert.ok(r.value.view.nodeResolvConf['node-1']);
    assert.deepEqual(r.value.warnings, []);
  });

  test('a missing file is one line', async () => {
    const r = await readSnapshotFile('/nonexistent/snap.yaml');
    assert.ok(!r.ok);
    assert.equal(r.error, 'cannot read snapshot /nonexistent/snap.yaml: no such file');
  });
});

describe('formatSnapshot round trip', () => {
  for (const format of ['yaml', 'json'] as const) {
    test(`${format}: parse(format(x)) keeps items and sections; managedFields dropped`, () => {
      const r = parseSnapshot(readFileSync(EXAMPLE_SNAPSHOT, 'utf8'), 'ex');
      assert.ok(r.ok);
      const raw = { ...r.value.raw, items: [...r.value.raw.items] };
      raw.items[0] = { ...raw.items[0], metadata: { ...(raw.items[0]!['metadata'] as object), managedFields: [{ manager: 'kubectl' }] } };
      const text = formatSnapshot(raw, format, { createdAt: '2026-11-23T00:00:00Z' });
      assert.ok(!text.includes('managedFields'));
      const back = parseSnapshot(text, 'back');
      assert.ok(back.ok, back.ok ? '' : back.error);
      assert.deepEqual({ ...back.value.view, source: '' }, { ...r.value.view, source: '' });
    });
  }
});
