import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { emptyClusterView } from '../../src/model/view.ts';
import { defaultKubernetesOptions, type KubernetesPluginOptions } from '../../src/corefile/kubernetes-options.ts';
import { buildRecords, listRecords } from '../../src/records/build.ts';
import { lookupKubernetes } from '../../src/records/lookup.ts';
import { loadFixture } from './fixture.ts';

const view = loadFixture('shop.yaml');
const opts = (o: Partial<KubernetesPluginOptions> = {}): KubernetesPluginOptions => ({
  ...defaultKubernetesOptions(['cluster.local.', 'in-addr.arpa.', 'ip6.arpa.']),
  ...o,
});
const lines = (rs: { name: string; ttl: number; type: string; data: string }[]) => rs.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`);

describe('buildRecords', () => {
  it('lists a ClusterIP Service: A, SRV at the name and per named port, its endpoint names, PTR', () => {
    const rs = buildRecords(view, opts(), { namespaces: ['shop'], service: 'web' });
    assert.deepEqual(lines(rs), [
      'web.shop.svc.cluster.local. 5 A 10.96.12.7',
      'web.shop.svc.cluster.local. 5 SRV 0 50 80 web.shop.svc.cluster.local.',
      'web.shop.svc.cluster.local. 5 SRV 0 50 443 web.shop.svc.cluster.local.',
      '_http._tcp.web.shop.svc.cluster.local. 5 SRV 0 100 80 web.shop.svc.cluster.local.',
      '_https._tcp.web.shop.svc.cluster.local. 5 SRV 0 100 443 web.shop.svc.cluster.local.',
      '10-244-1-5.web.shop.svc.cluster.local. 5 A 10.244.1.5',
      '7.12.96.10.in-addr.arpa. 5 PTR web.shop.svc.cluster.local.',
      '5.1.244.10.in-addr.arpa. 5 PTR 10-244-1-5.web.shop.svc.cluster.local.',
    ]);
    assert.equal(rs[0]?.source, 'Service shop/web');
    assert.equal(rs.at(-1)?.source, 'EndpointSlice shop/web-7xk2p');
  });

  it('lists a headless StatefulSet Service with hostnames, ready endpoints only', () => {
    const rs = buildRecords(view, opts(), { namespaces: ['shop'], service: 'db', types: ['A', 'SRV'] });
    assert.deepEqual(lines(rs), [
      'db.shop.svc.cluster.local. 5 A 10.244.2.10',
      'db.shop.svc.cluster.local. 5 A 10.244.3.11',
      'db.shop.svc.cluster.local. 5 SRV 0 50 5432 db-0.db.shop.svc.cluster.local.',
      'db.shop.svc.cluster.local. 5 SRV 0 50 5432 db-1.db.shop.svc.cluster.local.',
      '_pg._tcp.db.shop.svc.cluster.local. 5 SRV 0 50 5432 db-0.db.shop.svc.cluster.local.',
      '_pg._tcp.db.shop.svc.cluster.local. 5 SRV 0 50 5432 db-1.db.shop.svc.cluster.local.',
      'db-0.db.shop.svc.cluster.local. 5 A 10.244.2.10',
      'db-1.db.shop.svc.cluster.local. 5 A 10.244.3.11',
    ]);
    assert.equal(rs[0]?.source, 'EndpointSlice shop/db-abc12');
  });

  it('lists both families of a dual-stack Service', () => {
    const rs = buildRecords(view, opts(), { namespaces: ['shop'], service: 'api' });
    assert.deepEqual(lines(rs), [
      'api.shop.svc.cluster.local. 5 A 10.96.20.1',
      'api.shop.svc.cluster.local. 5 AAAA fd00:10:96::2001',
      'api.shop.svc.cluster.local. 5 SRV 0 50 8080 api.shop.svc.cluster.local.',
      '1.20.96.10.in-addr.arpa. 5 PTR api.shop.svc.cluster.local.',
      '1.0.0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa. 5 PTR api.shop.svc.cluster.local.',
    ]);
  });

  it('lists an ExternalName as a CNAME only', () => {
    assert.deepEqual(lines(buildRecords(view, opts(), { namespaces: ['shop'], service: 'payments' })), [
      'payments.shop.svc.cluster.local. 5 CNAME api.stripe.com.',
    ]);
  });

  it('lists nothing for a headless Service without ready endpoints, and drops empty ClusterIP Services with ignore empty_service', () => {
    assert.deepEqual(buildRecords(view, opts(), { namespaces: ['shop'], service: 'empty-headless' }), []);
    assert.equal(buildRecords(view, opts(), { namespaces: ['shop'], service: 'idle', types: ['A'] }).length, 1);
    assert.deepEqual(buildRecords(view, opts({ ignoreEmptyService: true }), { namespaces: ['shop'], service: 'idle', types: ['A', 'SRV'] }), []);
  });

  it('lists pod records per pods mode', () => {
    const pods = (mode: KubernetesPluginOptions['podsMode']) =>
      buildRecords(view, opts({ podsMode: mode }), { namespaces: ['shop'] }).filter((r) => r.name.includes('.pod.'));
    assert.deepEqual(pods('disabled'), []);
    assert.deepEqual(lines(pods('verified')), [
      '10-244-2-10.shop.pod.cluster.local. 5 A 10.244.2.10',
      'fd00-10-244--7.shop.pod.cluster.local. 5 AAAA fd00:10:244::7',
      '10-244-1-5.shop.pod.cluster.local. 5 A 10.244.1.5',
    ]);
    const insecure = listRecords(view, opts({ podsMode: 'insecure' }), { namespaces: ['shop'] });
    assert.equal(insecure.records.filter((r) => r.name.includes('.pod.')).length, 3);
    assert.ok(insecure.notes.some((n) => n.id === 'pods-insecure'));
    // The remark belongs to listed pod records: none with --service or --type SRV.
    for (const filter of [{ service: 'web' }, { types: ['SRV'] }]) {
      const listing = listRecords(view, opts({ podsMode: 'insecure' }), { namespaces: ['shop'], ...filter });
      assert.ok(!listing.notes.some((n) => n.id === 'pods-insecure'), JSON.stringify(filter));
    }
  });

  it('serves nothing for namespaces outside the namespaces option', () => {
    assert.deepEqual(buildRecords(view, opts({ namespaces: ['shop'] }), { namespaces: ['other'] }), []);
    assert.ok(buildRecords(view, opts({ namespaces: ['shop'] }), { namespaces: ['shop'] }).length > 0);
  });

  it('uses the ttl option and lists every forward zone', () => {
    const rs = buildRecords(view, opts({ ttl: 30, zones: ['cluster.local.', 'k8s.example.'] }), { namespaces: ['other'] });
    assert.deepEqual(lines(rs), [
      'web.other.svc.cluster.local. 30 A 10.96.40.4',
      'web.other.svc.cluster.local. 30 SRV 0 100 80 web.other.svc.cluster.local.',
      '_http._tcp.web.other.svc.cluster.local. 30 SRV 0 100 80 web.other.svc.cluster.local.',
      'web.other.svc.k8s.example. 30 A 10.96.40.4',
      'web.other.svc.k8s.example. 30 SRV 0 100 80 web.other.svc.k8s.example.',
      '_http._tcp.web.other.svc.k8s.example. 30 SRV 0 100 80 web.other.svc.k8s.example.',
    ]);
    assert.ok(listRecords(view, opts({ zones: ['cluster.local.'] }), { namespaces: ['other'] }).notes.some((n) => n.id === 'no-reverse-zones'));
  });

  it('adds the zone apex records with -A', () => {
    const rs = buildRecords(view, opts(), { namespaces: 'all', types: ['NS', 'TXT'] });
    assert.deepEqual(lines(rs), [
      'cluster.local. 5 NS kube-dns.kube-system.svc.cluster.local.',
      'dns-version.cluster.local. 28800 TXT "1.1.0"',
    ]);
  });

  it('filters by type, case-insensitively', () => {
    const rs = buildRecords(view, opts(), { namespaces: ['shop'], types: ['aaaa'] });
    assert.deepEqual(lines(rs), ['api.shop.svc.cluster.local. 5 AAAA fd00:10:96::2001']);
  });

  it('every listed record is what a query for it answers (listing and lookup agree)', () => {
    for (const o of [opts(), opts({ podsMode: 'verified', endpointPodNames: true }), opts({ ttl: 7, zones: ['k8s.example.', 'cluster.local.', 'in-addr.arpa.', 'ip6.arpa.'] })]) {
      const rs = buildRecords(view, o, { namespaces: 'all' });
      assert.ok(rs.length > 40);
      for (const r of rs) {
        const a = lookupKubernetes(view, o, r.name, r.type);
        assert.equal(a.rcode, 'NOERROR', `${r.name} ${r.type}: ${a.reason}`);
        const got = lines(a.answers.filter((x) => x.name === r.name && x.type === r.type));
        assert.ok(got.includes(lines([r])[0] as string), `${lines([r])[0]} not in ${JSON.stringify(got)}`);
      }
    }
  });

  it('survives an empty view and odd objects', () => {
    assert.deepEqual(buildRecords(emptyClusterView('x'), opts(), { namespaces: 'all' }).filter((r) => r.type !== 'TXT'), []);
    const v = emptyClusterView('x');
    v.services.push({ namespace: 'a', name: 'b', type: 'ClusterIP', clusterIPs: ['not-an-ip'], headless: false, ports: [], publishNotReadyAddresses: false, labels: {} });
    v.endpointSlices.push({ namespace: 'a', name: 'b-1', serviceName: 'b', addressType: 'IPv4', ports: [], endpoints: [{ addresses: ['garbage', '10.0.0.1'] }] });
    const rs = buildRecords(v, opts(), { namespaces: 'all' });
    assert.ok(rs.every((r) => !r.data.includes('garbage') && !r.data.includes('not-an-ip')));
  });

  it('builds 10,000 Services and 50,000 endpoints in linear time (timing printed)', () => {
    const v = emptyClusterView('bench');
    for (let n = 0; n < 100; n++) v.namespaces.push({ name: `ns${n}`, labels: {} });
    for (let i = 0; i < 10_000; i++) {
      const ns = `ns${i % 100}`;
      const headless = i % 2 === 0;
      v.services.push({
        namespace: ns, name: `svc${i}`, type: 'ClusterIP',
        clusterIPs: headless ? ['None'] : [`10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`],
        headless, ports: [{ name: 'http', port: 80, protocol: 'TCP' }], publishNotReadyAddresses: false, labels: {},
      });
      v.endpointSlices.push({
        namespace: ns, name: `svc${i}-abcde`, serviceName: `svc${i}`, addressType: 'IPv4',
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
        endpoints: Array.from({ length: 5 }, (_, k) => ({ addresses: [`10.${200 + (Math.floor(i / 250) % 50)}.${i % 250}.${k + 1}`], ready: true })),
      });
    }
    const t0 = performance.now();
    const rs = buildRecords(v, opts(), { namespaces: 'all' });
    const ms = performance.now() - t0;
    assert.ok(rs.length > 50_000, String(rs.length));
    assert.ok(ms < 10_000, `quadratic? took ${ms.toFixed(0)} ms`);
    console.log(`# buildRecords: ${rs.length} records from 10,000 Services / 50,000 endpoints in ${ms.toFixed(0)} ms`);
  });
});
