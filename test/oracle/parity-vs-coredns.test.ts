/**
 * Differential test: the corner-case query table of the records model
 * (test/records/parity-cases.ts, each case decided by a line of CoreDNS's source) asked of the
 * real CoreDNS, serving test/fixtures/records/corners.yaml from the real API server with the
 * `kubernetes` block options each case names. The model passes the same table in
 * test/records/coredns-parity.test.ts; here the real plugin must too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFakeCluster } from '../harness/fixtures.ts';
import { oraclePath } from '../harness/oracle.ts';
import { startRealCluster, type CoreDns, type RealCluster } from '../harness/real-cluster.ts';
import { askUdp } from '../harness/dns-ask.ts';
import { cases, type Case } from '../records/parity-cases.ts';

const built = ['etcd', 'kube-apiserver', 'kwok', 'coredns-1.15.0', 'coredns-1.14.3'].every((c) => existsSync(oraclePath(c as 'etcd')));

/** The Corefile whose kubernetes block has the case's options (defaults: CoreDNS's own). */
function corefileFor(o: Case['opts'] = {}): string {
  const lines = ['kubernetes cluster.local in-addr.arpa ip6.arpa {'];
  if (o.podsMode) lines.push(`    pods ${o.podsMode}`);
  if (o.endpointPodNames) lines.push('    endpoint_pod_names');
  if (o.labels) lines.push(`    labels ${o.labels}`);
  lines.push('}');
  return `.:53 {\n    errors\n    ready\n    ${lines.join('\n    ')}\n}\n`;
}

for (const version of ['1.15.0', '1.14.3'] as const) {
  describe(`the records model's CoreDNS corner cases, asked of the real CoreDNS ${version}`, { skip: built ? false : 'real components not built' }, () => {
    let cluster: RealCluster;
    const servers = new Map<string, CoreDns>();
    before(async () => {
      cluster = await startRealCluster({ fixture: readFakeCluster('test/fixtures/records/corners.yaml'), coredns: false });
      for (const c of cases) {
        const text = corefileFor(c.opts);
        if (!servers.has(text)) servers.set(text, await cluster.startCoreDns(text, version));
      }
    });
    after(async () => {
      await cluster?.stop();
    });

    for (const c of cases) {
      test(`${c.why}: ${c.name} ${c.type}`, async () => {
        const dns = servers.get(corefileFor(c.opts))!;
        const got = await askUdp(dns.host, dns.port, c.name, c.type);
        assert.equal(got.rcode, c.rcode, `answers: ${JSON.stringify(got.answers)}`);
        if (c.answers) {
          const lines = got.answers.filter((a) => a.type === c.type).map((a) => `${a.name} ${a.ttl} ${a.type} ${a.data}`);
          assert.deepEqual(lines.sort(), [...c.answers].map((l) => l.replace(/^(\S+)/, (n) => n.toLowerCase())).sort());
        }
      });
    }
  });
}
