import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeconfigPaths, mergeKubeconfigs, selectContext } from '../../src/cluster/kubeconfig.ts';
import { connect } from '../../src/cluster/client.ts';
import type { ClusterFlags } from '../../src/cluster/kubeconfig.ts';
import { kubeconfigText, writeKubeconfigSet, type KubeconfigEntries } from '../harness/kubeconfig.ts';
import { startFakeApiServer } from '../harness/fake-apiserver.ts';
import { fixtureCluster } from '../harness/fixtures.ts';

const A: KubeconfigEntries = {
  clusters: [{ name: 'prod', server: 'https://prod.example:6443' }, { name: 'shared', server: 'https://a.example:6443' }],
  users: [{ name: 'alice', token: 'a-token' }],
  contexts: [{ name: 'prod', cluster: 'prod', user: 'alice', namespace: 'payments' }],
  currentContext: 'prod',
};
const B: KubeconfigEntries = {
  clusters: [{ name: 'shared', server: 'https://b.example:6443' }, { name: 'dev', server: 'https://dev.example:6443' }],
  users: [{ name: 'alice', token: 'b-token' }, { name: 'bob', token: 'bob-token' }],
  contexts: [{ name: 'dev', cluster: 'dev', user: 'bob' }, { name: 'prod', cluster: 'dev', user: 'bob' }],
  currentContext: 'dev',
};
const NO_CURRENT: KubeconfigEntries = { ...B, currentContext: '' };

function files(...sets: KubeconfigEntries[]) {
  return sets.map((s, i) => ({ path: `/home/u/.kube/config-${i + 1}`, text: kubeconfigText(s) }));
}

describe('mergeKubeconfigs + selectContext: kubectl rules as a table', () => {
  const cases: {
    name: string;
    files: KubeconfigEntries[];
    flags: ClusterFlags;
    want: { context: string; cluster: string; user: string; server: string; namespace: string } | { error: RegExp };
  }[] = [
    { name: 'single file, current context and its namespace', files: [A], flags: {}, want: { context: 'prod', cluster: 'prod', user: 'alice', server: 'https://prod.example:6443', namespace: 'payments' } },
    { name: 'first file\'s current-context wins', files: [A, B], flags: {}, want: { context: 'prod', cluster: 'prod', user: 'alice', server: 'https://prod.example:6443', namespace: 'payments' } },
    { name: 'later file\'s current-context used when the first has none; the context itself comes from the first file', files: [NO_CURRENT, A], flags: {}, want: { context: 'prod', cluster: 'dev', user: 'bob', server: 'https://dev.example:6443', namespace: 'default' } },
    { name: 'duplicate context name: the first file\'s definition wins', files: [B, A], flags: { context: 'prod' }, want: { context: 'prod', cluster: 'dev', user: 'bob', server: 'https://dev.example:6443', namespace: 'default' } },
    { name: 'duplicate cluster name: first wins', files: [A, B], flags: { context: 'prod', cluster: 'shared' }, want: { context: 'prod', cluster: 'shared', user: 'alice', server: 'https://a.example:6443', namespace: 'payments' } },
    { name: '--context picks a context from a later file', files: [A, B], flags: { context: 'dev' }, want: { context: 'dev', cluster: 'dev', user: 'bob', server: 'https://dev.example:6443', namespace: 'default' } },
    { name: '--user overrides the context user', files: [A, B], flags: { user: 'bob' }, want: { context: 'prod', cluster: 'prod', user: 'bob', server: 'https://prod.example:6443', namespace: 'payments' } },
    { name: '-n overrides the context namespace', files: [A], flags: { namespace: 'web' }, want: { context: 'prod', cluster: 'prod', user: 'alice', server: 'https://prod.example:6443', namespace: 'web' } },
    { name: 'unknown --context', files: [A], flags: { context: 'staging' }, want: { error: /context "staging" not found in the kubeconfig \(known: prod\)/ } },
    { name: 'unknown --cluster', files: [A], flags: { cluster: 'nope' }, want: { error: /cluster "nope" not found/ } },
    { name: 'unknown --user', files: [A], flags: { user: 'eve' }, want: { error: /user "eve" not found/ } },
    { name: 'no current context anywhere', files: [NO_CURRENT], flags: {}, want: { error: /no current-context: pass --context/ } },
    { name: 'empty file is allowed and contributes nothing', files: [{}, A], flags: {}, want: { context: 'prod', cluster: 'prod', user: 'alice', server: 'https://prod.example:6443', namespace: 'payments' } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const merged = mergeKubeconfigs(files(...c.files));
      assert.ok(merged.ok);
      const r = selectContext(merged.value, c.flags);
      if ('error' in c.want) {
        assert.ok(!r.ok);
        assert.match(r.error.kind === 'config' ? r.error.detail : '', c.want.error);
        return;
      }
      assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
      const { context, cluster, user, server, namespace } = r.value;
      assert.deepEqual({ context, cluster, user, server, namespace }, c.want);
    });
  }

  test('the first user definition wins (token from file 1)', () => {
    const merged = mergeKubeconfigs(files(A, B));
    assert.ok(merged.ok);
    const alice = merged.value.users.find((u) => u.name === 'alice');
    assert.deepEqual(alice?.['user'], { token: 'a-token' });
  });

  test('relative certificate paths resolve against the file that holds them', () => {
    const text = kubeconfigText({
      clusters: [{ name: 'c', server: 'https://x:6443', insecure: false, extra: { 'certificate-authority': 'ca.crt' } }],
      users: [{ name: 'u', extra: { 'client-certificate': 'certs/u.crt', 'client-key': '/abs/u.key', exec: { command: './bin/get-token', apiVersion: 'client.authentication.k8s.io/v1' } } }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const merged = mergeKubeconfigs([{ path: '/etc/kube/team/config', text }]);
    assert.ok(merged.ok);
    assert.equal(merged.value.clusters[0]!['cluster'] && (merged.value.clusters[0]!['cluster'] as Record<string, string>)['certificate-authority'], '/etc/kube/team/ca.crt');
    const user = merged.value.users[0]!['user'] as Record<string, unknown>;
    assert.equal(user['client-certificate'], '/etc/kube/team/certs/u.crt');
    assert.equal(user['client-key'], '/abs/u.key');
    assert.equal((user['exec'] as { command: string }).command, '/etc/kube/team/bin/get-token');
  });

  test('a file that is not YAML is a one-line config error', () => {
    const r = mergeKubeconfigs([{ path: '/k/config', text: 'clusters: [unclosed' }]);
    assert.ok(!r.ok);
    assert.match(r.error.kind === 'config' ? r.error.detail : '', /^cannot parse kubeconfig \/k\/config: /);
  });
});

describe('kubeconfigPaths: which files kubectl reads', () => {
  const exists = (set: string[]) => (p: string) => set.includes(p);
  const cases = [
    { name: '--kubeconfig wins over KUBECONFIG', flags: { kubeconfig: '/x' }, env: { KUBECONFIG: '/a:/b', HOME: '/h' }, present: ['/a'], want: { paths: ['/x'], explicit: true } },
    { name: 'KUBECONFIG list, missing files skipped, duplicates once', flags: {}, env: { KUBECONFIG: '/a::/missing:/b:/a', HOME: '/h' }, present: ['/a', '/b'], want: { paths: ['/a', '/b'], explicit: false } },
    { name: 'no KUBECONFIG: ~/.kube/config', flags: {}, env: { HOME: '/h' }, present: ['/h/.kube/config'], want: { paths: ['/h/.kube/config'], explicit: false } },
    { name: 'nothing on disk, in a pod: in-cluster', flags: {}, env: { HOME: '/h', KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' }, present: [], want: { inCluster: true } },
    { name: 'nothing at all', flags: {}, env: { HOME: '/h' }, present: [], want: { none: true } },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(kubeconfigPaths(c.flags, c.env, exists(c.present)), c.want));
  }
});

test('KUBECONFIG with two files reaches the server of the first file\'s current context (real client)', async () => {
  const server = await startFakeApiServer(fixtureCluster('kubeadm'));
  try {
    const set = writeKubeconfigSet([
      {
        clusters: [{ name: 'fake', server: server.url }],
        users: [{ name: 'me', token: server.token }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'me', namespace: 'shop' }],
        currentContext: 'fake',
      },
      // Same names again with other values: client-node alone would throw "Duplicate cluster".
      {
        clusters: [{ name: 'fake', server: 'http://127.0.0.1:9' }],
        users: [{ name: 'me', token: 'wrong' }],
        contexts: [{ name: 'fake', cluster: 'fake', user: 'me' }, { name: 'other', cluster: 'fake', user: 'me' }],
        currentContext: 'other',
      },
    ]);
    const client = await connect({}, { env: { KUBECONFIG: set.KUBECONFIG, HOME: '/nonexistent' } });
    assert.equal(client.context, 'fake');
    assert.equal(client.namespace, 'shop');
    const r = await client.list('Service', { namespace: 'shop' });
    assert.ok(r.ok);
    assert.equal(r.value.length, 4);
  } finally {
    await server.close();
  }
});
