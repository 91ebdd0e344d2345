import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCorefile } from '../../src/corefile/parser.ts';
import { parseSnapshot } from '../../src/cluster/snapshot.ts';
import { lookupKubernetes } from '../../src/records/lookup.ts';
import { predictQuery, type PredictContext } from '../../src/coredns/predict.ts';
import { routeQuery } from '../../src/coredns/route.ts';
import type { ClusterView } from '../../src/model/view.ts';

const fixture = readFileSync(new URL('../fixtures/clusters/kubeadm.yaml', import.meta.url), 'utf8');
const loaded = parseSnapshot(fixture, 'kubeadm.yaml');
if (!loaded.ok) throw new Error(loaded.error);
const view: ClusterView = loaded.value.view;
const kubeadmCorefile = view.configMaps.find((c) => c.name === 'coredns')!.data['Corefile']!;

function ctx(corefileText: string, files: Record<string, string> = {}): PredictContext {
  return {
    corefile: parseCorefile(corefileText, { source: 'Corefile' }),
    kubernetes: (q, t, o) => lookupKubernetes(view, o, q, t),
    files,
  };
}

interface Case {
  name: string;
  type: string;
  status: string | null;
  answers?: string[];
  plugin?: string;
}

function run(c: PredictContext, cases: Case[]): void {
  for (const k of cases) {
    const p = predictQuery(c, k.name, k.type);
    assert.equal(p.status, k.status, `${k.name} ${k.type}: ${p.trace.join(' | ')}`);
    if (k.answers) assert.deepEqual(p.answers.map((a) => a.data).sort(), [...k.answers].sort(), `${k.name} ${k.type}`);
    if (k.plugin) assert.equal(p.plugin, k.plugin, `${k.name} ${k.type}`);
  }
}

test('kubeadm Corefile: the search walk of "web" from namespace shop', () => {
  run(ctx(kubeadmCorefile), [
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.96.12.7'], plugin: 'kubernetes' },
    { name: 'web.svc.cluster.local.', type: 'A', status: 'NXDOMAIN', plugin: 'kubernetes' },
    { name: 'web.cluster.local.', type: 'A', status: 'NXDOMAIN', plugin: 'kubernetes' },
    // Outside the cluster zone: forwarded; the upstream decides.
    { name: 'web.', type: 'A', status: null, plugin: 'forward' },
    { name: 'example.com.', type: 'A', status: null, plugin: 'forward' },
  ]);
});

test('kubeadm Corefile: names in another namespace and empty non-terminals', () => {
  run(ctx(kubeadmCorefile), [
    { name: 'web.default.svc.cluster.local.', type: 'A', status: 'NXDOMAIN' },
    { name: 'kubernetes.default.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.96.0.1'] },
    { name: 'kube-dns.kube-system.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.96.0.10'] },
  ]);
});

test('reverse zones: the kubernetes plugin answers cluster IPs, fallthrough forwards the rest', () => {
  const p = predictQuery(ctx(kubeadmCorefile), '10.0.96.10.in-addr.arpa.', 'PTR');
  assert.equal(p.status, 'NOERROR');
  assert.deepEqual(p.answers.map((a) => a.data), ['kube-dns.kube-system.svc.cluster.local.']);
  const outside = predictQuery(ctx(kubeadmCorefile), '8.8.8.8.in-addr.arpa.', 'PTR');
  assert.equal(outside.plugin, 'forward');
  assert.equal(outside.status, null);
});

test('plugin order comes from the build: hosts answers before kubernetes wherever it is written', () => {
  const corefile = `.:53 {
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       fallthrough in-addr.arpa ip6.arpa
    }
    hosts {
       10.0.0.99 web.shop.svc.cluster.local
       fallthrough
    }
    forward . /etc/resolv.conf
}`;
  run(ctx(corefile), [
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.0.0.99'], plugin: 'hosts' },
    // hosts has the name but no AAAA: NODATA, the kubernetes plugin is never asked.
    { name: 'web.shop.svc.cluster.local.', type: 'AAAA', status: 'NODATA', plugin: 'hosts' },
    { name: 'api.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.96.20.5'], plugin: 'kubernetes' },
  ]);
});

test('hosts without fallthrough answers SERVFAIL for every other name in its zones', () => {
  const corefile = `.:53 {
    hosts {
       192.168.10.5 registry.corp.example
    }
    kubernetes cluster.local
    forward . 10.0.0.2
}`;
  run(ctx(corefile), [
    { name: 'registry.corp.example.', type: 'A', status: 'NOERROR', answers: ['192.168.10.5'] },
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'SERVFAIL', plugin: 'hosts' },
  ]);
});

test('k3s NodeHosts file from the ConfigMap is read by the hosts plugin', () => {
  const corefile = `.:53 {
    errors
    health
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
      pods insecure
      fallthrough in-addr.arpa ip6.arpa
    }
    hosts /etc/coredns/NodeHosts {
      ttl 60
      reload 15s
      fallthrough
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}`;
  run(ctx(corefile, { '/etc/coredns/NodeHosts': '172.18.0.2 k3d-demo-server-0\n' }), [
    { name: 'k3d-demo-server-0.', type: 'A', status: 'NOERROR', answers: ['172.18.0.2'], plugin: 'hosts' },
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.96.12.7'], plugin: 'kubernetes' },
  ]);
  // Without the file's text, a name it might list cannot be predicted.
  const unknown = predictQuery(ctx(corefile), 'k3d-demo-server-0.', 'A');
  assert.equal(unknown.plugin, 'forward');
});

test('rewrite runs before kubernetes and the prediction follows the new name', () => {
  const corefile = `.:53 {
    rewrite name exact db.internal.example. db.shop.svc.cluster.local.
    kubernetes cluster.local
    forward . 10.0.0.2
}`;
  const p = predictQuery(ctx(corefile), 'db.internal.example.', 'A');
  assert.equal(p.rewrittenTo, 'db.shop.svc.cluster.local.');
  assert.equal(p.plugin, 'kubernetes');
  assert.equal(p.status, 'NOERROR');
  // The headless Service's ready endpoint only: db-1 is not ready in the fixture.
  assert.deepEqual(p.answers.map((a) => a.data), ['10.244.1.20']);
});

test('stub domain server block wins by longest zone', () => {
  const corefile = `.:53 {
    kubernetes cluster.local
    forward . /etc/resolv.conf
}
corp.example:53 {
    forward . 10.150.0.1
}`;
  const c = ctx(corefile);
  const p = predictQuery(c, 'git.corp.example.', 'A');
  assert.equal(p.server, 'corp.example:53');
  assert.deepEqual(p.upstreams, ['10.150.0.1']);
  assert.equal(routeQuery(c.corefile, 'web.shop.svc.cluster.local.')?.label, '.:53');
});

test('no root zone: names outside every block are REFUSED', () => {
  run(ctx(`cluster.local:53 {\n  kubernetes cluster.local\n}\n`), [
    { name: 'example.com.', type: 'A', status: 'REFUSED' },
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', answers: ['10.96.12.7'] },
  ]);
});

test('a chain that never answers ends in SERVFAIL', () => {
  run(ctx(`.:53 {\n  errors\n  cache 30\n}\n`), [{ name: 'example.com.', type: 'A', status: 'SERVFAIL' }]);
});

test('template with rcode NXDOMAIN answers without asking further plugins', () => {
  const corefile = `.:53 {
    template IN AAAA cluster.local {
      rcode NXDOMAIN
    }
    kubernetes cluster.local
}`;
  run(ctx(corefile), [
    { name: 'web.shop.svc.cluster.local.', type: 'AAAA', status: 'NXDOMAIN', plugin: 'template' },
    { name: 'web.shop.svc.cluster.local.', type: 'A', status: 'NOERROR', plugin: 'kubernetes' },
  ]);
});

test('ExternalName: NOERROR with the CNAME is certain; the target is left to the upstream', () => {
  const p = predictQuery(ctx(kubeadmCorefile), 'payments.shop.svc.cluster.local.', 'A');
  assert.equal(p.status, 'NOERROR');
  assert.equal(p.cnameTarget, 'payments.example.com.');
  assert.deepEqual(p.answers.map((a) => `${a.type} ${a.data}`), ['CNAME payments.example.com.']);
});
