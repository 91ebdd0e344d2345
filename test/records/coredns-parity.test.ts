import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultKubernetesOptions, type KubernetesPluginOptions } from '../../src/corefile/kubernetes-options.ts';
import { buildRecords } from '../../src/records/build.ts';
import { lookupKubernetes } from '../../src/records/lookup.ts';
import { loadFixture } from './fixture.ts';
import { cases, insecure, P, podNames, verified, Z } from './parity-cases.ts';

// Corner cases where the records model once differed from CoreDNS's kubernetes plugin. Each case
// names the CoreDNS source that decides it; the table is in the manner of
// plugin/kubernetes/handler_test.go: {qname, qtype, rcode, answer as zone-file lines}.

const view = loadFixture('corners.yaml');
const base = (o: Partial<KubernetesPluginOptions> = {}): KubernetesPluginOptions => ({
  ...defaultKubernetesOptions(['cluster.local.', 'in-addr.arpa.', 'ip6.arpa.']),
  ...o,
});
const lines = (rs: { name: string; ttl: number; type: string; data: string }[]) => rs.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`);


describe('CoreDNS parity: query table', () => {
  for (const c of cases) {
    it(`${c.why}: ${c.name} ${c.type}`, () => {
      const a = lookupKubernetes(view, base(c.opts), c.name, c.type);
      assert.equal(a.rcode, c.rcode, a.reason);
      if (c.answers) assert.deepEqual(lines(a.answers), c.answers);
    });
  }
});

describe('CoreDNS parity: listing', () => {
  const podA = (o: Partial<KubernetesPluginOptions>) =>
    lines(buildRecords(view, base(o), { namespaces: ['corner'], types: ['A', 'AAAA'] }).filter((r) => r.source.startsWith('Pod ')));

  it('pods verified lists only pods in the pod cache (no Succeeded/Failed)', () => {
    assert.deepEqual(podA(verified), [
      `172-18-0-2.${P} 5 A 172.18.0.2`,
      `10-244-11-2.${P} 5 A 10.244.11.2`,
      `10-244-11-1.${P} 5 A 10.244.11.1`,
      `10-244-11-5.${P} 5 A 10.244.11.5`,
      `fd00-10-244-11--6.${P} 5 AAAA fd00:10:244:11::6`,
    ]);
  });

  it('pods verified with labels lists only matching pods', () => {
    assert.ok(!podA({ ...verified, labels: 'app=web' }).some((l) => l.startsWith('10-244-11-5.')));
  });

  it('pods insecure lists every pod address, whatever the phase', () => {
    const names = podA(insecure).map((l) => l.split(' ')[0]);
    assert.ok(names.includes(`10-244-11-3.${P}`));
    assert.ok(names.includes(`10-244-11-4.${P}`));
  });

  it('lists endpoint names from a non-Pod targetRef under endpoint_pod_names', () => {
    const rs = lines(buildRecords(view, base(podNames), { namespaces: ['corner'], service: 'ext-db' }));
    assert.ok(rs.includes(`node-a.ext-db.${Z} 5 A 192.168.10.1`));
    assert.ok(rs.includes(`1.10.168.192.in-addr.arpa. 5 PTR node-a.ext-db.${Z}`));
    assert.ok(!rs.some((l) => l.startsWith('192-168-10-1.')));
  });

  it('lists nothing for a publishNotReadyAddresses Service whose slice says not ready', () => {
    assert.deepEqual(buildRecords(view, base(), { namespaces: ['corner'], service: 'pnr' }), []);
  });

  it('lists nothing for an ExternalName that is an IP', () => {
    assert.deepEqual(buildRecords(view, base(), { namespaces: ['corner'], service: 'ipname' }), []);
  });

  it('every listed record is what a query for its name and type answers', () => {
    for (const o of [base(), base(podNames), base(verified)]) {
      const rs = buildRecords(view, o, { namespaces: ['corner'] });
      for (const r of rs) {
        const a = lookupKubernetes(view, o, r.name, r.type);
        assert.ok(
          lines(a.answers).includes(`${r.name} ${r.ttl} ${r.type} ${r.data}`),
          `${r.name} ${r.type} ${r.data} not in the answer ${JSON.stringify(lines(a.answers))}`,
        );
      }
    }
  });
});
