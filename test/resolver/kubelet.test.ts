import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendDnsConfig,
  clusterFirstSearches,
  computePodHosts,
  computePodResolvConf,
  fitDnsLimits,
  mergeDnsOptions,
  parseNodeResolvConf,
  podDnsType,
  podHostnameAndDomain,
} from '../../src/resolver/kubelet.ts';
import { fixtureText, loadPod } from './fixture.ts';

const kubeadmKubelet = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' };
const eksKubelet = { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/etc/resolv.conf' };
const gkeKubelet = { clusterDNS: ['10.0.0.10'], clusterDomain: 'cluster.local', resolvConf: '/etc/resolv.conf' };

test('ClusterFirst on EKS: cluster search list + the node\'s ec2.internal, ndots:5, node options dropped', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-web.yaml'), kubelet: eksKubelet, nodeResolvConf: fixtureText('eks-node-resolv.conf') });
  assert.equal(r.text, fixtureText('eks-pod-resolv.conf'));
  assert.equal(r.policy, 'cluster');
  assert.deepEqual(r.events, []);
  assert.deepEqual(r.notes, []);
  assert.equal(r.conf.ndots, 5);
  assert.equal(r.conf.timeoutSeconds, 5, 'the node\'s "options timeout:2" is not carried over');
});

test('ClusterFirst on GKE: the node\'s project search domains follow the cluster ones', () => {
  const pod = { ...loadPod('pod-web.yaml'), namespace: 'shop' };
  const r = computePodResolvConf({ pod, kubelet: gkeKubelet, nodeResolvConf: fixtureText('gke-node-resolv.conf') });
  assert.equal(r.text, fixtureText('gke-pod-resolv.conf'));
  assert.deepEqual(r.conf.nameservers, ['10.0.0.10']);
});

test('kubeadm node on systemd-resolved: upstream file, four nameservers do not matter for ClusterFirst', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-web.yaml'), kubelet: kubeadmKubelet, nodeResolvConf: fixtureText('systemd-resolved-upstream-resolv.conf') });
  assert.deepEqual(r.conf.search, ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'eu-west-1.compute.internal', 'corp.example.com']);
  assert.deepEqual(r.conf.nameservers, ['10.96.0.10']);
  assert.deepEqual(r.events, []);
});

test('hostNetwork + ClusterFirst falls back to the node\'s resolv.conf (Default)', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-node-exporter-hostnet.yaml'), kubelet: eksKubelet, nodeResolvConf: fixtureText('eks-node-resolv.conf') });
  assert.equal(r.policy, 'host');
  assert.equal(r.text, 'search ec2.internal\nnameserver 10.0.0.2\noptions timeout:2 attempts:5\n');
  assert.equal(r.conf.ndots, 1);
  assert.match(r.notes.join('\n'), /ClusterFirstWithHostNet/);
});

test('hostNetwork + ClusterFirstWithHostNet gets cluster DNS', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-ingress-hostnet.yaml'), kubelet: gkeKubelet, nodeResolvConf: fixtureText('gke-node-resolv.conf') });
  assert.equal(r.policy, 'cluster');
  assert.deepEqual(r.conf.search.slice(0, 3), ['ingress-nginx.svc.cluster.local', 'svc.cluster.local', 'cluster.local']);
  assert.deepEqual(r.conf.nameservers, ['10.0.0.10']);
});

test('dnsPolicy Default: the node\'s file, whatever the kubelet\'s clusterDNS', () => {
  const pod = { ...loadPod('pod-web.yaml'), dnsPolicy: 'Default' as const };
  const r = computePodResolvConf({ pod, kubelet: gkeKubelet, nodeResolvConf: fixtureText('gke-node-resolv.conf') });
  assert.equal(r.text, 'search us-central1-b.c.my-project.internal c.my-project.internal google.internal\nnameserver 169.254.169.254\n');
  assert.equal(r.conf.ndots, 1);
});

test('dnsPolicy Default on a systemd-resolved node with four upstreams: the kubelet keeps three and says so', () => {
  const pod = { ...loadPod('pod-web.yaml'), dnsPolicy: 'Default' as const };
  const r = computePodResolvConf({ pod, kubelet: kubeadmKubelet, nodeResolvConf: fixtureText('systemd-resolved-upstream-resolv.conf') });
  assert.deepEqual(r.conf.nameservers, ['10.0.0.2', '10.0.1.2', '10.0.2.2']);
  assert.deepEqual(r.events, [
    {
      reason: 'DNSConfigForming',
      message: 'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.0.0.2 10.0.1.2 10.0.2.2',
    },
  ]);
});

test('dnsPolicy None with dnsConfig (the Kubernetes docs example)', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-none-dnsconfig.yaml'), kubelet: eksKubelet, nodeResolvConf: fixtureText('eks-node-resolv.conf') });
  assert.equal(r.policy, 'none');
  assert.equal(r.text, 'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n');
  assert.equal(r.conf.ndots, 2);
});

test('dnsPolicy None without nameservers is noted (the API server rejects it)', () => {
  const pod = { ...loadPod('pod-web.yaml'), dnsPolicy: 'None' as const };
  const r = computePodResolvConf({ pod, kubelet: eksKubelet });
  assert.equal(r.text, '');
  assert.match(r.notes.join('\n'), /API server rejects/);
});

test('kubelet without clusterDNS: ClusterFirst falls back to Default with the kubelet\'s event', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-web.yaml'), kubelet: { ...eksKubelet, clusterDNS: [] }, nodeResolvConf: fixtureText('eks-node-resolv.conf') });
  assert.equal(r.policy, 'host');
  assert.deepEqual(r.events, [
    {
      reason: 'MissingClusterDNS',
      message: 'kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.',
    },
  ]);
  assert.deepEqual(r.conf.nameservers, ['10.0.0.2']);
});

test('unknown kubelet config: clusterDNS from the kube-dns Service, cluster.local assumed, node file unknown', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-web.yaml'), kubelet: {}, kubeDnsServiceIP: '10.96.0.10' });
  assert.equal(r.text, 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  assert.equal(r.notes.length, 3, r.notes.join('\n'));
});

test('kubelet resolvConf "": Default gets 127.0.0.1 per node IP and search "."', () => {
  const pod = { ...loadPod('pod-web.yaml'), dnsPolicy: 'Default' as const };
  const r = computePodResolvConf({ pod, kubelet: { ...eksKubelet, resolvConf: '' }, nodeIPs: ['10.0.1.23', 'fd00::17'] });
  assert.equal(r.text, 'search .\nnameserver 127.0.0.1\nnameserver ::1\n');
});

test('custom cluster domain and an empty one', () => {
  assert.deepEqual(clusterFirstSearches('shop', 'k8s.corp.example', ['corp.example']), ['shop.svc.k8s.corp.example', 'svc.k8s.corp.example', 'k8s.corp.example', 'corp.example']);
  assert.deepEqual(clusterFirstSearches('shop', '', ['corp.example']), ['corp.example']);
  assert.deepEqual(clusterFirstSearches('default', 'cluster.local', ['cluster.local', 'ec2.internal']), ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal']);
});

test('dnsConfig over the limits: nameservers cut to 3, search paths to 32, with the kubelet\'s events', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-many-searches.yaml'), kubelet: eksKubelet, nodeResolvConf: fixtureText('eks-node-resolv.conf') });
  assert.deepEqual(r.conf.nameservers, ['10.96.0.10', '10.0.0.53', '10.0.1.53']);
  assert.equal(r.conf.search.length, 32);
  assert.equal(r.conf.search[31], 'a28.corp.example.com');
  assert.equal(r.conf.ndots, 2);
  assert.ok(r.text.includes('options ndots:2 single-request-reopen\n'));
  assert.deepEqual(r.events.map((e) => e.message.split(':')[0]), [
    'Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is',
    'Search Line limits were exceeded, some search paths have been omitted, the applied search line is',
  ]);
  assert.ok(r.events[1]?.message.endsWith(' a27.corp.example.com a28.corp.example.com'));
});

test('before Kubernetes 1.28: 6 search paths and 256 characters', () => {
  const r = computePodResolvConf({ pod: loadPod('pod-many-searches.yaml'), kubelet: eksKubelet, nodeResolvConf: fixtureText('eks-node-resolv.conf'), expandedDnsConfig: false });
  assert.deepEqual(r.conf.search, ['payments.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal', 'a1.corp.example.com', 'a2.corp.example.com']);
});

test('fitDnsLimits: the 2048-character line drops whole paths from the end', () => {
  const long = Array.from({ length: 20 }, (_, i) => `${'x'.repeat(100)}${i}.example.com`);
  const { settings, events } = fitDnsLimits({ servers: ['10.96.0.10'], searches: long, options: [] });
  assert.ok(settings.searches.join(' ').length <= 2048);
  assert.equal(settings.searches.length, 17);
  assert.equal(events.length, 1);
  const tooLongPath = `${'a'.repeat(250)}.com`;
  const cut = fitDnsLimits({ servers: [], searches: ['ok.example', tooLongPath], options: [] });
  assert.deepEqual(cut.settings.searches, ['ok.example']);
  assert.equal(cut.events.length, 1);
  const fine = fitDnsLimits({ servers: ['10.96.0.10'], searches: ['a.example'], options: ['ndots:5'] });
  assert.deepEqual(fine.events, []);
});

test('mergeDnsOptions / appendDnsConfig: pod wins by name, duplicates omitted', () => {
  assert.deepEqual(mergeDnsOptions(['ndots:5'], [{ name: 'ndots', value: '1' }, { name: 'timeout', value: '2' }, { name: 'rotate' }]), ['ndots:1', 'timeout:2', 'rotate']);
  assert.deepEqual(
    appendDnsConfig({ servers: ['10.96.0.10'], searches: ['a.example'], options: ['ndots:5'] }, { nameservers: ['10.96.0.10', '1.1.1.1'], searches: ['a.example', 'b.example'] }),
    { servers: ['10.96.0.10', '1.1.1.1'], searches: ['a.example', 'b.example'], options: ['ndots:5'] },
  );
});

test('parseNodeResolvConf: the kubelet ignores "domain", reads the last search and options lines', () => {
  assert.deepEqual(parseNodeResolvConf('domain corp.example\nnameserver 10.0.0.2\nnameserver 10.0.0.3\noptions rotate\noptions timeout:1\n'), {
    servers: ['10.0.0.2', '10.0.0.3'],
    searches: [],
    options: ['timeout:1'],
  });
  assert.deepEqual(parseNodeResolvConf('search a.example.\nsearch b.example. c.example\n').searches, ['b.example', 'c.example']);
});

test('podDnsType', () => {
  assert.equal(podDnsType({ dnsPolicy: 'ClusterFirst', hostNetwork: false }), 'cluster');
  assert.equal(podDnsType({ dnsPolicy: 'ClusterFirst', hostNetwork: true }), 'host');
  assert.equal(podDnsType({ dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true }), 'cluster');
  assert.equal(podDnsType({ dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: false }), 'cluster');
  assert.equal(podDnsType({ dnsPolicy: 'Default', hostNetwork: false }), 'host');
  assert.equal(podDnsType({ dnsPolicy: 'None', hostNetwork: true }), 'none');
});

test('computePodHosts: a plain pod', () => {
  assert.equal(
    computePodHosts(loadPod('pod-web.yaml')),
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.17\tweb-7c9d8f6b5-x2k8p\n',
  );
});

test('computePodHosts: StatefulSet pod with subdomain, dual stack, hostAliases', () => {
  const text = computePodHosts(loadPod('pod-statefulset-web-0.yaml'), { clusterDomain: 'cluster.local' });
  assert.ok(
    text.endsWith(
      'fe00::2\tip6-allrouters\n' +
        '10.244.2.5\tweb-0.nginx.shop.svc.cluster.local\tweb-0\n' +
        'fd00:10:244:2::5\tweb-0.nginx.shop.svc.cluster.local\tweb-0\n' +
        '\n# Entries added by HostAliases.\n' +
        '127.0.0.1\tfoo.local\n127.0.0.1\tbar.local\n10.1.2.3\tfoo.remote\n10.1.2.3\tbar.remote\n',
    ),
    text,
  );
});

test('computePodHosts: hostNetwork pod gets the node\'s file plus hostAliases', () => {
  const pod = { ...loadPod('pod-node-exporter-hostnet.yaml'), hostAliases: [{ ip: '10.0.0.9', hostnames: ['metrics.corp.example'] }] };
  const node = fixtureText('debian-node-hosts');
  assert.equal(
    computePodHosts(pod, { nodeHosts: node }),
    '# Kubernetes-managed hosts file (host network).\n' + node + '\n# Entries added by HostAliases.\n10.0.0.9\tmetrics.corp.example\n',
  );
});

test('podHostnameAndDomain: long pod names are cut to 63 characters without a trailing "-"', () => {
  const name = 'very-long-deployment-name-for-the-payments-reconciler-0123456789-abcde';
  const { hostname } = podHostnameAndDomain({ name, namespace: 'default' }, 'cluster.local');
  assert.equal(hostname, name.slice(0, 63).replace(/-+$/, ''));
  assert.ok(hostname.length <= 63 && !hostname.endsWith('-'));
  assert.deepEqual(podHostnameAndDomain({ name: 'web-0', namespace: 'shop', hostname: 'db', subdomain: 'sql' }, 'k8s.example'), {
    hostname: 'db',
    hostDomain: 'sql.shop.svc.k8s.example',
  });
});
