/**
 * Starts the real cluster of the test harness by hand, for exploration: etcd, kube-apiserver,
 * kwok and the real CoreDNS on loopback, loaded with the kubeadm fixture cluster (and the
 * StatefulSet and Alpine pod fixtures). Builds the components first when missing.
 *
 *   npm run cluster            # prints the KUBECONFIG to export; Ctrl-C stops everything
 *   npm run cluster -- FILE    # load another `kind: List` / snapshot file instead
 */
import { spawnSync } from 'node:child_process';
import { readFakeCluster } from '../test/harness/fixtures.ts';
import { startRealCluster } from '../test/harness/real-cluster.ts';

const b = spawnSync(process.execPath, ['scripts/build-oracle.mjs'], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);

const files = process.argv.slice(2);
const items = (files.length ? files : ['test/fixtures/clusters/kubeadm.yaml', 'test/fixtures/explain/kafka.yaml', 'test/fixtures/explain/alpine-pod.yaml'])
  .flatMap((f) => readFakeCluster(f).items);
const t0 = Date.now();
const cluster = await startRealCluster({
  fixture: { items, ...(files.length === 1 ? { files: readFakeCluster(files[0]!).files ?? {} } : {}) },
  upstreamRecords: ['example.com. 300 IN A 192.0.2.80', 'payments.example.com. 300 IN A 192.0.2.81', 'kubernetes.io. 300 IN A 192.0.2.90'],
});
process.stdout.write(`real cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s: API server ${cluster.server}, CoreDNS 127.0.0.1:${cluster.dns.port}

  export KUBECONFIG=${cluster.kubeconfig}
  node dist/bin/kubectl-dns.js explain web.shop --from default/client
  node dist/bin/kubectl-dns.js records -n shop --verify
  node dist/bin/kubectl-dns.js lint-corefile
  dig @127.0.0.1 -p ${cluster.dns.port} web.shop.svc.cluster.local

Ctrl-C stops every process and removes the temporary folder.
`);
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
setInterval(() => {}, 1 << 30);
