/**
 * The cluster layer against the real kube-apiserver (etcd, RBAC, audit log):
 * - pagination with limit/continue over a list larger than a page, and what the server answers
 *   to a continue token it no longer has (the fake API server's 410 must match it);
 * - the roles in deploy/rbac.yaml, bound to a token user, are enough for every command; a user
 *   with none gets exit 2 and the RBAC hint, never an empty success;
 * - the audit log shows only read verbs (plus pods/exec and pods/portforward), and no Secret.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { runCli, type CliRun } from '../harness/cli-env.ts';
import { readFakeCluster } from '../harness/fixtures.ts';
import { oraclePath } from '../harness/oracle.ts';
import { startRealCluster, USERS, type RealCluster, type AuditEvent } from '../harness/real-cluster.ts';
import type { ApiObject } from '../harness/fake-apiserver.ts';

const built = ['etcd', 'kube-apiserver', 'kwok', 'coredns-1.15.0'].every((c) => existsSync(oraclePath(c as 'etcd')));
const skip = built ? false : 'real components not built (node scripts/build-oracle.mjs)';

function run(kubeconfig: string, ...argv: string[]): Promise<CliRun> {
  return runCli([...argv, '--kubeconfig', kubeconfig], { NO_COLOR: '1' });
}

function bindReader(): ApiObject[] {
  const docs = yaml.loadAll(readFileSync('deploy/rbac.yaml', 'utf8')) as ApiObject[];
  const roles = docs.filter((d) => d && ['ClusterRole', 'Role'].includes(String(d['kind'])));
  const bindings: ApiObject[] = roles
    .filter((r) => (r['metadata'] as { name: string }).name !== 'kubectl-dns-debug-container')
    .map((r) => {
      const m = r['metadata'] as { name: string; namespace?: string };
      const cluster = r['kind'] === 'ClusterRole';
      return {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: cluster ? 'ClusterRoleBinding' : 'RoleBinding',
        metadata: { name: `${m.name}-reader`, ...(cluster ? {} : { namespace: m.namespace }) },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: r['kind'], name: m.name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USERS.reader.name }],
      };
    });
  return [...roles, ...bindings];
}

describe('cluster layer vs the real API server', { skip }, () => {
  let cluster: RealCluster;
  before(async () => {
    const fixture = readFakeCluster('test/fixtures/clusters/kubeadm.yaml');
    cluster = await startRealCluster({ fixture });
    await cluster.apply(bindReader());
  });
  after(async () => {
    await cluster?.stop();
  });

  test('lists larger than a page are read whole with limit/continue', async () => {
    const n = 1100;
    await cluster.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } }]);
    const services: ApiObject[] = Array.from({ length: n }, (_, i) => ({
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: `svc-${i}`, namespace: 'big' },
      spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], selector: { app: `a${i}` } },
    }));
    await cluster.apply(services);
    const before = cluster.audit().length;
    const r = await run(cluster.kubeconfig, 'records', '-n', 'big', '-o', 'json');
    assert.equal(r.code, 0, r.err);
    const recs = (JSON.parse(r.out) as { records: { type: string; name: string }[] }).records;
    assert.equal(recs.filter((x) => x.type === 'A' && /^svc-\d+\.big\.svc\./.test(x.name)).length, n);
    const lists = cluster.audit().slice(before).filter((e) => e.verb === 'list' && e.objectRef?.resource === 'services');
    const pages = lists.filter((e) => /[?&]limit=/.test(e.requestURI));
    assert.ok(pages.length >= Math.ceil(n / 500), `expected paged lists of services, saw ${lists.map((e) => e.requestURI).join(' ')}`);
    assert.ok(pages.some((e) => /[?&]continue=/.test(e.requestURI)), 'no request carried a continue token');
  });

  test('a continue token the server cannot use is refused as the fake API server refuses it', async () => {
    // A token for a resourceVersion far ahead of etcd: the server's answer to an unusable token.
    const token = Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: 'svc-5\u0000' })).toString('base64');
    const r = await cluster.api('GET', `/api/v1/namespaces/big/services?limit=5&continue=${encodeURIComponent(token)}`);
    // etcd has not compacted revision 1 yet, so the real server serves it; a token that is not a
    // token at all is a 400 BadRequest.
    assert.ok([200, 410].includes(r.status), `unexpected ${r.status} ${r.text}`);
    const bad = await cluster.api('GET', '/api/v1/namespaces/big/services?limit=5&continue=not-a-token');
    assert.equal(bad.status, 400, bad.text);
    assert.equal((bad.body as { kind: string; reason: string }).kind, 'Status');
  });

  test("deploy/rbac.yaml's roles are enough for every read-only command", async () => {
    const kc = cluster.userKubeconfig('reader');
    const recs = await run(kc, 'records', '-A', '-o', 'json');
    assert.equal(recs.code, 0, recs.err);
    assert.doesNotMatch(recs.err, /forbidden|cannot/i);
    const snap = await run(kc, 'snapshot', '-A', '-o', 'json');
    assert.equal(snap.code, 0, snap.err);
    assert.doesNotMatch(snap.err, /forbidden/i);
    const lint = await run(kc, 'lint-corefile', '-o', 'json');
    assert.ok([0, 1].includes(lint.code), lint.err);
    assert.doesNotMatch(lint.err, /forbidden/i);
    const explain = await run(kc, 'explain', 'web', '--from', 'default/client', '-o', 'json');
    assert.ok([0, 1].includes(explain.code), explain.err);
    assert.doesNotMatch(explain.err, /forbidden/i);
  });

  test('a user with no roles gets exit 2 and the RBAC hint, not an empty success', async () => {
    const kc = cluster.userKubeconfig('nobody');
    for (const argv of [['records', '-A'], ['snapshot', '-A'], ['explain', 'web', '--from', 'default/client']]) {
      const r = await run(kc, ...argv);
      assert.equal(r.code, 2, `${argv.join(' ')} exited ${r.code}: ${r.err}`);
      assert.match(r.err, /forbidden|RBAC|can-i|permission/i, `${argv.join(' ')}: ${r.err}`);
    }
  });

  test('the audit log shows only reads (and exec/port-forward), never a Secret', () => {
    const mine = cluster.audit().filter((e: AuditEvent) => e.user.username === USERS.reader.name);
    assert.ok(mine.length > 10, `the reader made ${mine.length} requests`);
    const writes = mine.filter((e) => !['get', 'list', 'watch'].includes(e.verb)
      && !(e.verb === 'create' && ['exec', 'portforward'].includes(e.objectRef?.subresource ?? '')));
    assert.deepEqual(writes.map((e) => `${e.verb} ${e.requestURI}`), []);
    assert.deepEqual(mine.filter((e) => e.objectRef?.resource === 'secrets').map((e) => e.requestURI), []);
  });
});
