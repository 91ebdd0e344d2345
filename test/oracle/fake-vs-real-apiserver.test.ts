/**
 * The fake API server (test/harness/fake-apiserver.ts) stays for faults a real one will not make
 * on demand; every behaviour it fakes must be one the real server was seen to have. This test
 * sends the same requests to both, loaded with the same fixture, and compares what clients read:
 * status codes, the Status object's kind/reason/code/details, list envelopes and pagination.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { readFakeCluster } from '../harness/fixtures.ts';
import { oraclePath } from '../harness/oracle.ts';
import { startRealCluster, type RealCluster, USERS } from '../harness/real-cluster.ts';
import { startFakeApiServer, type FakeApiServer } from '../harness/fake-apiserver.ts';
import { selfSignedCert } from '../harness/tls.ts';

const built = ['etcd', 'kube-apiserver', 'kwok', 'coredns-1.15.0'].every((c) => existsSync(oraclePath(c as 'etcd')));
const FIXTURE = 'test/fixtures/clusters/kubeadm.yaml';

function fakeGet(fake: FakeApiServer, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${fake.url}${path}`, { rejectUnauthorized: false, headers: { authorization: `Bearer ${fake.token}`, accept: 'application/json' } }, (res) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => {
        let body: unknown = s;
        try { body = JSON.parse(s); } catch { /* text */ }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a client reads of a Status: every field but the message's wording. */
function statusShape(b: unknown): Record<string, unknown> {
  const s = b as { kind?: string; apiVersion?: string; status?: string; reason?: string; code?: number; details?: { name?: string; kind?: string; group?: string } };
  return { kind: s.kind, apiVersion: s.apiVersion, status: s.status, reason: s.reason, code: s.code, details: s.details ? { name: s.details.name, kind: s.details.kind } : undefined };
}

describe('the fake API server answers as the real one does', { skip: built ? false : 'real components not built' }, () => {
  let real: RealCluster;
  let fake: FakeApiServer;
  before(async () => {
    const fixture = readFakeCluster(FIXTURE);
    real = await startRealCluster({ fixture, coredns: false });
    const { key, cert } = selfSignedCert();
    fake = await startFakeApiServer(readFakeCluster(FIXTURE), { tls: { key, cert }, user: USERS.nobody.name });
  });
  after(async () => {
    await real?.stop();
    await fake?.close();
  });

  test('404 for a missing object: the same Status', async () => {
    const path = '/api/v1/namespaces/shop/pods/no-such-pod';
    const r = await real.api('GET', path);
    const f = await fakeGet(fake, path);
    assert.equal(f.status, r.status);
    assert.deepEqual(statusShape(f.body), statusShape(r.body));
  });

  test('403 for a user without the role: the same Status', async () => {
    const path = '/api/v1/namespaces/shop/services';
    const r = await real.api('GET', path, undefined, { token: USERS.nobody.token });
    fake.switches.faults = [{ resource: 'services', status: 403, times: 1 }];
    const f = await fakeGet(fake, path);
    assert.equal(f.status, r.status);
    assert.deepEqual(statusShape(f.body), statusShape(r.body));
    assert.match(String((r.body as { message: string }).message), /^services is forbidden: User "nobody" cannot list resource "services" in API group "" in the namespace "shop"$/);
  });

  test('a paged list: the same envelope, a continue token while items remain, none on the last page', async () => {
    const path = '/api/v1/namespaces/shop/pods?limit=2';
    const r = await real.api('GET', path);
    const f = await fakeGet(fake, path);
    assert.equal(f.status, 200);
    const shape = (b: unknown): Record<string, unknown> => {
      const l = b as { kind: string; apiVersion: string; metadata: { continue?: string; remainingItemCount?: number }; items: { metadata: { name: string } }[] };
      return { kind: l.kind, apiVersion: l.apiVersion, items: l.items.map((i) => i.metadata.name), hasContinue: Boolean(l.metadata.continue), remaining: l.metadata.remainingItemCount };
    };
    assert.deepEqual(shape(f.body), shape(r.body));
    const cont = (r.body as { metadata: { continue: string } }).metadata.continue;
    const r2 = await real.api('GET', `/api/v1/namespaces/shop/pods?limit=50&continue=${encodeURIComponent(cont)}`);
    assert.equal((r2.body as { metadata: { continue?: string } }).metadata.continue, undefined);
  });
});
