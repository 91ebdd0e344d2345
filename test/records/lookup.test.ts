import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultKubernetesOptions, type KubernetesPluginOptions } from '../../src/corefile/kubernetes-options.ts';
import { lookupKubernetes } from '../../src/records/lookup.ts';
import { loadFixture } from './fixture.ts';

// Query tables in the manner of CoreDNS's plugin/kubernetes/handler_test.go:
// {name, type, rcode, answers as "name TTL TYPE data" zone-file lines}.

const view = loadFixture('shop.yaml');
const base = (o: Partial<KubernetesPluginOptions> = {}): KubernetesPluginOptions => ({
  ...defaultKubernetesOptions(['cluster.local.', 'in-addr.arpa.', 'ip6.arpa.']),
  ...o,
});

interface Case {
  name: string;
  type: string;
  rcode: 'NOERROR' | 'NXDOMAIN' | null;
  answers?: string[];
  next?: 'fallthrough' | 'not-in-zone';
  opts?: Partial<KubernetesPluginOptions>;
}

const cases: Case[] = [
  // ClusterIP
  { name: 'web.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['web.shop.svc.cluster.local. 5 A 10.96.12.7'] },
  { name: 'WEB.Shop.svc.Cluster.Local.', type: 'A', rcode: 'NOERROR', answers: ['web.shop.svc.cluster.local. 5 A 10.96.12.7'] },
  { name: 'web.shop.svc.cluster.local.', type: 'AAAA', rcode: 'NOERROR', answers: [] },
  {
    name: 'web.shop.svc.cluster.local.',
    type: 'SRV',
    rcode: 'NOERROR',
    answers: [
      'web.shop.svc.cluster.local. 5 SRV 0 50 80 web.shop.svc.cluster.local.',
      'web.shop.svc.cluster.local. 5 SRV 0 50 443 web.shop.svc.cluster.local.',
    ],
  },
  { name: '_http._tcp.web.shop.svc.cluster.local.', type: 'SRV', rcode: 'NOERROR', answers: ['_http._tcp.web.shop.svc.cluster.local. 5 SRV 0 100 80 web.shop.svc.cluster.local.'] },
  { name: '_http._udp.web.shop.svc.cluster.local.', type: 'SRV', rcode: 'NXDOMAIN' },
  { name: '_nope._tcp.web.shop.svc.cluster.local.', type: 'SRV', rcode: 'NXDOMAIN' },
  // A at an SRV name answers the cluster IP (findServices ignores the port labels for A)
  { name: '_http._tcp.web.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['_http._tcp.web.shop.svc.cluster.local. 5 A 10.96.12.7'] },
  // endpoint names under a ClusterIP Service still resolve
  { name: '10-244-1-5.web.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10-244-1-5.web.shop.svc.cluster.local. 5 A 10.244.1.5'] },
  { name: '10-244-1-6.web.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'web.shop.svc.cluster.local.', type: 'TXT', rcode: 'NOERROR', answers: [] },
  { name: 'web.shop.svc.cluster.local.', type: 'MX', rcode: 'NOERROR', answers: [] },
  { name: 'web.shop.svc.cluster.local.', type: 'CNAME', rcode: 'NOERROR', answers: [] },
  // dual stack
  { name: 'api.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['api.shop.svc.cluster.local. 5 A 10.96.20.1'] },
  { name: 'api.shop.svc.cluster.local.', type: 'AAAA', rcode: 'NOERROR', answers: ['api.shop.svc.cluster.local. 5 AAAA fd00:10:96::2001'] },
  { name: 'api.shop.svc.cluster.local.', type: 'SRV', rcode: 'NOERROR', answers: ['api.shop.svc.cluster.local. 5 SRV 0 50 8080 api.shop.svc.cluster.local.'] },
  // headless: ready endpoints only; db-2 not ready, db-3 terminating
  {
    name: 'db.shop.svc.cluster.local.',
    type: 'A',
    rcode: 'NOERROR',
    answers: ['db.shop.svc.cluster.local. 5 A 10.244.2.10', 'db.shop.svc.cluster.local. 5 A 10.244.3.11'],
  },
  {
    name: '_pg._tcp.db.shop.svc.cluster.local.',
    type: 'SRV',
    rcode: 'NOERROR',
    answers: [
      '_pg._tcp.db.shop.svc.cluster.local. 5 SRV 0 50 5432 db-0.db.shop.svc.cluster.local.',
      '_pg._tcp.db.shop.svc.cluster.local. 5 SRV 0 50 5432 db-1.db.shop.svc.cluster.local.',
    ],
  },
  { name: 'db-0.db.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['db-0.db.shop.svc.cluster.local. 5 A 10.244.2.10'] },
  { name: 'db-2.db.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'db-3.db.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  // terminating-but-serving endpoints published with the terminating option
  {
    name: 'db-3.db.shop.svc.cluster.local.',
    type: 'A',
    rcode: 'NOERROR',
    answers: ['db-3.db.shop.svc.cluster.local. 5 A 10.244.2.13'],
    opts: { terminatingEndpoints: true },
  },
  { name: 'db-2.db.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { terminatingEndpoints: true } },
  // dashed-IP name is not valid when the endpoint has a hostname
  { name: '10-244-2-10.db.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  // headless without hostnames: dashed IPs; endpoint_pod_names: pod names
  { name: '10-244-1-20.workers.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10-244-1-20.workers.shop.svc.cluster.local. 5 A 10.244.1.20'] },
  {
    name: 'workers-5b9d8-x1x1x.workers.shop.svc.cluster.local.',
    type: 'A',
    rcode: 'NOERROR',
    answers: ['workers-5b9d8-x1x1x.workers.shop.svc.cluster.local. 5 A 10.244.1.20'],
    opts: { endpointPodNames: true },
  },
  { name: '10-244-1-20.workers.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { endpointPodNames: true } },
  // a port-less headless Service has addresses but no SRV data
  { name: 'workers.shop.svc.cluster.local.', type: 'SRV', rcode: 'NOERROR', answers: [] },
  // publishNotReadyAddresses
  { name: 'peers.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['peers.shop.svc.cluster.local. 5 A 10.244.3.30'] },
  { name: '_gossip._udp.peers.shop.svc.cluster.local.', type: 'SRV', rcode: 'NOERROR', answers: ['_gossip._udp.peers.shop.svc.cluster.local. 5 SRV 0 100 7946 10-244-3-30.peers.shop.svc.cluster.local.'] },
  // headless with no ready endpoints: NXDOMAIN
  { name: 'empty-headless.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  // ClusterIP without endpoints: served, unless ignore empty_service
  { name: 'idle.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['idle.shop.svc.cluster.local. 5 A 10.96.30.3'] },
  { name: 'idle.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { ignoreEmptyService: true } },
  { name: 'web.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['web.shop.svc.cluster.local. 5 A 10.96.12.7'], opts: { ignoreEmptyService: true } },
  // ExternalName
  { name: 'payments.shop.svc.cluster.local.', type: 'CNAME', rcode: 'NOERROR', answers: ['payments.shop.svc.cluster.local. 5 CNAME api.stripe.com.'] },
  { name: 'payments.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['payments.shop.svc.cluster.local. 5 CNAME api.stripe.com.'] },
  { name: 'payments.shop.svc.cluster.local.', type: 'SRV', rcode: 'NOERROR', answers: [] },
  { name: '_https._tcp.payments.shop.svc.cluster.local.', type: 'SRV', rcode: 'NOERROR', answers: [] },
  { name: 'x.payments.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  {
    name: 'alias.shop.svc.cluster.local.',
    type: 'A',
    rcode: 'NOERROR',
    answers: ['alias.shop.svc.cluster.local. 5 CNAME web.shop.svc.cluster.local.', 'web.shop.svc.cluster.local. 5 A 10.96.12.7'],
  },
  // empty non-terminals and namespaces
  { name: 'cluster.local.', type: 'A', rcode: 'NOERROR', answers: [] },
  { name: 'svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: [] },
  { name: 'pod.cluster.local.', type: 'A', rcode: 'NOERROR', answers: [] },
  { name: 'shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: [] },
  { name: 'missing-ns.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'web.missing-ns.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'nope.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'a.b.c.web.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'web.shop.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'dns.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  // wildcards were removed from CoreDNS (1.9.0): '*' is an ordinary label
  { name: '*.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'web.*.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  // the namespaces option
  { name: 'web.other.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { namespaces: ['shop'] } },
  { name: 'web.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['web.shop.svc.cluster.local. 5 A 10.96.12.7'], opts: { namespaces: ['shop'] } },
  { name: 'other.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { namespaces: ['shop'] } },
  // ttl
  { name: 'web.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['web.shop.svc.cluster.local. 30 A 10.96.12.7'], opts: { ttl: 30 } },
  // pods
  { name: '10-244-1-5.shop.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: '10-244-1-5.shop.pod.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10-244-1-5.shop.pod.cluster.local. 5 A 10.244.1.5'], opts: { podsMode: 'verified' } },
  { name: '10-244-1-5.other.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { podsMode: 'verified' } },
  { name: '10-244-9-9.shop.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { podsMode: 'verified' } },
  { name: '10-244-9-9.shop.pod.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10-244-9-9.shop.pod.cluster.local. 5 A 10.244.9.9'], opts: { podsMode: 'insecure' } },
  { name: '10-244-9-9.other.pod.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['10-244-9-9.other.pod.cluster.local. 5 A 10.244.9.9'], opts: { podsMode: 'insecure' } },
  { name: '10-244-9-9.missing-ns.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { podsMode: 'insecure' } },
  { name: 'not-an-ip.shop.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { podsMode: 'insecure' } },
  { name: 'fd00-10-244--7.shop.pod.cluster.local.', type: 'AAAA', rcode: 'NOERROR', answers: ['fd00-10-244--7.shop.pod.cluster.local. 5 AAAA fd00:10:244::7'], opts: { podsMode: 'verified' } },
  { name: 'fd00-10-244--7.shop.pod.cluster.local.', type: 'A', rcode: 'NOERROR', answers: [], opts: { podsMode: 'verified' } },
  { name: 'shop.pod.cluster.local.', type: 'A', rcode: 'NOERROR', answers: [], opts: { podsMode: 'verified' } },
  { name: 'shop.pod.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  // reverse
  { name: '7.12.96.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answers: ['7.12.96.10.in-addr.arpa. 5 PTR web.shop.svc.cluster.local.'] },
  { name: '10.2.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answers: ['10.2.244.10.in-addr.arpa. 5 PTR db-0.db.shop.svc.cluster.local.'] },
  { name: '5.1.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answers: ['5.1.244.10.in-addr.arpa. 5 PTR 10-244-1-5.web.shop.svc.cluster.local.'] },
  { name: '12.1.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NXDOMAIN' },
  {
    name: '1.0.0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.',
    type: 'PTR',
    rcode: 'NOERROR',
    answers: ['1.0.0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa. 5 PTR api.shop.svc.cluster.local.'],
  },
  { name: '99.99.99.10.in-addr.arpa.', type: 'PTR', rcode: null, next: 'fallthrough', opts: { fallthrough: ['in-addr.arpa.', 'ip6.arpa.'] } },
  { name: '7.12.96.10.in-addr.arpa.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answers: [] },
  // PTR needs the reverse zone in the kubernetes block
  { name: '7.12.96.10.in-addr.arpa.', type: 'PTR', rcode: null, next: 'not-in-zone', opts: { zones: ['cluster.local.'] } },
  // apex
  { name: 'cluster.local.', type: 'NS', rcode: 'NOERROR', answers: ['cluster.local. 5 NS kube-dns.kube-system.svc.cluster.local.'] },
  { name: 'ns.dns.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['ns.dns.cluster.local. 5 A 10.96.0.10'] },
  { name: 'dns-version.cluster.local.', type: 'TXT', rcode: 'NOERROR', answers: ['dns-version.cluster.local. 28800 TXT "1.1.0"'] },
  { name: 'dns-version.cluster.local.', type: 'A', rcode: 'NXDOMAIN' },
  { name: 'nope.shop.svc.cluster.local.', type: 'TXT', rcode: 'NOERROR', answers: [] },
  // fallthrough: only NXDOMAIN passes on, only in the listed zones
  { name: 'nope.shop.svc.cluster.local.', type: 'A', rcode: null, next: 'fallthrough', opts: { fallthrough: [] } },
  { name: 'nope.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { fallthrough: ['in-addr.arpa.'] } },
  { name: 'shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: [], opts: { fallthrough: [] } },
  // outside the zones
  { name: 'example.com.', type: 'A', rcode: null, next: 'not-in-zone' },
  // a second zone answers the same objects under its own name
  {
    name: '_http._tcp.web.shop.svc.k8s.example.',
    type: 'SRV',
    rcode: 'NOERROR',
    answers: ['_http._tcp.web.shop.svc.k8s.example. 5 SRV 0 100 80 web.shop.svc.k8s.example.'],
    opts: { zones: ['cluster.local.', 'k8s.example.', 'in-addr.arpa.'] },
  },
  // PTR targets use the first zone
  {
    name: '7.12.96.10.in-addr.arpa.',
    type: 'PTR',
    rcode: 'NOERROR',
    answers: ['7.12.96.10.in-addr.arpa. 5 PTR web.shop.svc.k8s.example.'],
    opts: { zones: ['k8s.example.', 'cluster.local.', 'in-addr.arpa.'] },
  },
  // noendpoints: headless Services have nothing to answer
  { name: 'db.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { noEndpoints: true } },
  // labels: only matching Services exist
  { name: 'api.shop.svc.cluster.local.', type: 'A', rcode: 'NXDOMAIN', opts: { labels: 'app in (web, db)' } },
  { name: 'db-0.db.shop.svc.cluster.local.', type: 'A', rcode: 'NOERROR', answers: ['db-0.db.shop.svc.cluster.local. 5 A 10.244.2.10'], opts: { labels: 'app in (web, db)' } },
];

describe('lookupKubernetes query table', () => {
  const seen = new Set<string>();
  for (const c of cases) {
    const key = `${c.name} ${c.type} ${JSON.stringify(c.opts ?? {})}`;
    it(key, () => {
      assert.ok(!seen.has(key), 'duplicate case');
      seen.add(key);
      const a = lookupKubernetes(view, base(c.opts), c.name, c.type);
      assert.equal(a.rcode, c.rcode, a.reason);
      if (c.next) assert.equal(a.next, c.next);
      if (c.answers) {
        assert.deepEqual(
          a.answers.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`),
          c.answers,
        );
        assert.equal(a.nodata, c.answers.length === 0);
      }
      assert.ok(a.reason.length > 0);
    });
  }
});

describe('lookupKubernetes details', () => {
  it('marks an ExternalName answer as continuing upstream', () => {
    const a = lookupKubernetes(view, base(), 'payments.shop.svc.cluster.local', 'A');
    assert.deepEqual(a.upstream, { name: 'api.stripe.com.', type: 'A' });
  });
  it('answers SOA at the zone apex for any name in the zone', () => {
    const a = lookupKubernetes(view, base(), 'nope.shop.svc.cluster.local', 'SOA');
    assert.equal(a.rcode, 'NOERROR');
    assert.equal(a.answers[0]?.name, 'cluster.local.');
    assert.match(a.answers[0]?.data ?? '', /^ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 5$/);
  });
  it('never throws on junk names', () => {
    for (const junk of ['', '.', '..', 'a..b.svc.cluster.local', '-.-.svc.cluster.local', 'x'.repeat(300), '\u0000.svc.cluster.local']) {
      const a = lookupKubernetes(view, base(), junk, 'A');
      assert.ok(a.rcode === 'NXDOMAIN' || a.rcode === 'NOERROR' || a.rcode === null);
    }
  });
});
