/**
 * Differential test: live `kubectl dns explain` through the real API server, exec and
 * port-forward through kwok, queries answered by the real CoreDNS — every query explain predicts
 * from the cluster objects must be what the real CoreDNS answers.
 *
 * Staged: the kubeadm fixture cluster plus the StatefulSet (kafka) and Alpine pod fixtures.
 * The pods' `dig` goes to the real CoreDNS (test/harness/real-cluster.ts maps the kube-dns
 * Service address to it); the upstream is NSD with a root zone holding `payments.example.com`
 * and `example.com`, NXDOMAIN for everything else.
 * Not staged (the harness cannot): a node's own upstream resolver and its search domains, the
 * kubelet's /configz (kwok does not serve it), NodeLocal DNSCache on a node.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runCli } from '../harness/cli-env.ts';
import { readFakeCluster } from '../harness/fixtures.ts';
import { oraclePath } from '../harness/oracle.ts';
import { startRealCluster, type RealCluster } from '../harness/real-cluster.ts';

const built = ['etcd', 'kube-apiserver', 'kwok', 'coredns-1.15.0'].every((c) => existsSync(oraclePath(c as 'etcd')));

interface Query {
  fqdn: string;
  type: string;
  predicted: string | null;
  observed: string | null;
  answers?: string[];
  predictedAnswers?: string[];
}
interface ExplainJson {
  resolved: boolean;
  queries: Query[];
  queriedVia?: string;
  resolvConf: { origin: string };
}

/** (from pod, name) pairs a user would ask about, across the walk's outcomes. */
const CASES: [string, string][] = [
  ['default/client', 'kubernetes'],
  ['default/client', 'kubernetes.default'],
  ['default/client', 'web.shop'],
  ['default/client', 'web.shop.svc.cluster.local'],
  ['default/client', 'web'],
  ['default/client', 'db-0.db.shop'],
  ['default/client', 'db.shop'],
  ['default/client', 'api.shop'],
  ['default/client', 'payments.shop'],
  ['default/client', 'kube-dns.kube-system'],
  ['default/client', 'nosuch.shop'],
  ['default/client', 'example.com'],
  ['default/client', '10-244-1-10.shop.pod.cluster.local'],
  ['shop/web-6d4b8c7f9d-2lq8x', 'web'],
  ['shop/web-6d4b8c7f9d-2lq8x', 'db'],
  ['shop/web-6d4b8c7f9d-2lq8x', 'db-0.db'],
  ['shop/web-6d4b8c7f9d-2lq8x', 'kafka-0.kafka-hs'],
  ['shop/web-6d4b8c7f9d-2lq8x', 'payments'],
  ['default/tools', 'web.shop'],
  ['default/tools', 'nosuch'],
];

describe('explain predictions vs the real CoreDNS', { skip: built ? false : 'real components not built' }, () => {
  let cluster: RealCluster;
  before(async () => {
    const items = [
      ...readFakeCluster('test/fixtures/clusters/kubeadm.yaml').items,
      ...readFakeCluster('test/fixtures/explain/kafka.yaml').items,
      ...readFakeCluster('test/fixtures/explain/alpine-pod.yaml').items,
    ];
    cluster = await startRealCluster({
      fixture: { items },
      upstreamRecords: ['example.com. 300 IN A 192.0.2.80', 'payments.example.com. 300 IN A 192.0.2.81'],
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  for (const [from, name] of CASES) {
    test(`${name} from ${from}`, async () => {
      const { code, out, err } = await runCli(['explain', name, '--from', from, '-o', 'json', '--kubeconfig', cluster.kubeconfig], { NO_COLOR: '1' });
      assert.ok(code === 0 || code === 1, `explain exited ${code}: ${err}`);
      const j = JSON.parse(out) as ExplainJson;
      assert.equal(j.resolvConf.origin, 'exec', `resolv.conf was not read from the pod: ${err}`);
      const sent = j.queries.filter((q) => q.observed !== null);
      assert.ok(sent.length > 0, `no query was sent: ${err}`);
      assert.ok(sent.some((q) => q.predicted !== null), `no query sent was predicted, nothing to compare: ${JSON.stringify(j.queries)}`);
      const disagree = sent.filter((q) => q.predicted !== null && q.predicted !== q.observed);
      assert.deepEqual(
        disagree.map((q) => `${q.fqdn} ${q.type}: predicted ${q.predicted}, CoreDNS answered ${q.observed} ${JSON.stringify(q.answers ?? [])}`),
        [],
        `explain's model and the real CoreDNS disagree (${err.trim()})`,
      );
    });
  }
});
