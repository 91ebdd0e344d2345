/**
 * src/cluster/dns-target.ts without a network. Which CoreDNS pod and port a port-forward goes to,
 * and the Service address of the fallback, are the model's (test/model/coredns-config.test.ts);
 * the choice itself (port-forward, probes, fallback) is tested end to end in
 * test/cli/records-verify.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseDnsPath } from '../../src/cluster/dns-target.ts';
import { toClusterView } from '../../src/cluster/trim.ts';
import type { ClusterView } from '../../src/model/view.ts';
import { fixtureCluster } from '../harness/fixtures.ts';

function view(): ClusterView {
  return toClusterView(fixtureCluster('kubeadm').items, 'test').view;
}

describe('chooseDnsPath without a network', () => {
  test('--dns-server is taken as given, unprobed', async () => {
    const r = await chooseDnsPath({ view: view(), dnsServer: { host: 'fd00::10', port: 53 }, probe: { name: 'cluster.local.', type: 'SOA' }, probeTimeoutMs: 1, openTimeoutMs: 1 });
    assert.ok(r.ok);
    assert.equal(r.value.kind, 'dns-server');
    assert.equal(r.value.label, '--dns-server [fd00::10]:53');
  });

  test('a snapshot (no client) without --dns-server: refused, nothing is sent', async () => {
    const r = await chooseDnsPath({ view: view(), probe: { name: 'cluster.local.', type: 'SOA' }, probeTimeoutMs: 1, openTimeoutMs: 1 });
    assert.deepEqual(r, { ok: false, error: 'a snapshot has no API server to port-forward through: pass --dns-server HOST[:PORT]' });
  });
});
