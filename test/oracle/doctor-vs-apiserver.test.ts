/**
 * `kubectl dns doctor` live against the real cluster harness: the real API server's objects, the
 * upstream probe through a real port-forward (kwok) to the real CoreDNS. The kubeadm fixture's
 * shape decides the expected results (both CoreDNS replicas on node-1, no PodDisruptionBudget,
 * one restart); what the harness cannot stage (the kubelets' /configz, container logs) must be a
 * SKIP whose hint names the real reason, not a role to grant.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runCli } from '../harness/cli-env.ts';
import { readFakeCluster } from '../harness/fixtures.ts';
import { oraclePath } from '../harness/oracle.ts';
import { startRealCluster, type RealCluster } from '../harness/real-cluster.ts';

const built = ['etcd', 'kube-apiserver', 'kwok', 'coredns-1.15.0'].every((c) => existsSync(oraclePath(c as 'etcd')));

interface DoctorJson {
  checks: { id: string; status: string; evidence: string[]; hint?: string }[];
  summary: Record<string, number>;
}

describe('doctor against the real API server and CoreDNS', { skip: built ? false : 'real components not built' }, () => {
  let cluster: RealCluster;
  before(async () => {
    cluster = await startRealCluster({ fixture: readFakeCluster('test/fixtures/clusters/kubeadm.yaml'), upstreamRecords: ['kubernetes.io. 300 IN A 192.0.2.90'] });
  });
  after(async () => {
    await cluster?.stop();
  });

  test('the fixture cluster: every check decided from the real objects, the unstageable ones skipped for their real reason', async () => {
    const { code, out, err } = await runCli(['doctor', '-o', 'json', '--kubeconfig', cluster.kubeconfig], { NO_COLOR: '1' });
    assert.equal(code, 1, `doctor exited ${code}: ${err}`);
    const doc = JSON.parse(out) as DoctorJson;
    const status = Object.fromEntries(doc.checks.map((c) => [c.id, c.status]));
    assert.deepEqual(
      { replicas: status['coredns-replicas'], spread: status['coredns-spread'], pdb: status['coredns-pdb'], service: status['kube-dns-service'], lint: status['corefile-lint'], upstream: status['upstream-probe'] },
      { replicas: 'ok', spread: 'fail', pdb: 'warn', service: 'ok', lint: 'ok', upstream: 'ok' },
    );
    const probe = doc.checks.find((c) => c.id === 'upstream-probe')!;
    assert.match(probe.evidence.join('\n'), /port-forward to kube-system\/coredns-/);
    for (const id of ['kubelet-cluster-dns', 'coredns-logs']) {
      const c = doc.checks.find((x) => x.id === id)!;
      assert.equal(c.status, 'skip', id);
      assert.doesNotMatch(c.hint ?? '', /^Grant/, `${id}: the admin was not refused, so the hint must not ask for a role: ${c.hint}`);
    }
  });
});
