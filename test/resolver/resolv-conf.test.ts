import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatResolvConf, hasOption, isIpAddress, optionValue, parseResolvConf } from '../../src/resolver/resolv-conf.ts';
import { fixtureText } from './fixture.ts';

test('EKS pod resolv.conf (kubelet ClusterFirst + the node\'s ec2.internal)', () => {
  const conf = parseResolvConf(fixtureText('eks-pod-resolv.conf'));
  assert.deepEqual(conf.nameservers, ['10.96.0.10']);
  assert.deepEqual(conf.search, ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'ec2.internal']);
  assert.equal(conf.ndots, 5);
  assert.equal(conf.searchFrom, 'search');
  assert.deepEqual(conf.problems, []);
});

test('GKE pod resolv.conf: six search domains, ndots 5', () => {
  const conf = parseResolvConf(fixtureText('gke-pod-resolv.conf'));
  assert.equal(conf.search.length, 6);
  assert.equal(conf.search[5], 'google.internal');
  assert.equal(conf.ndots, 5);
});

test('EKS node resolv.conf: ";" comment, timeout and attempts', () => {
  const conf = parseResolvConf(fixtureText('eks-node-resolv.conf'));
  assert.deepEqual(conf.nameservers, ['10.0.0.2']);
  assert.deepEqual(conf.search, ['ec2.internal']);
  assert.equal(conf.timeoutSeconds, 2);
  assert.equal(conf.attempts, 5);
  assert.equal(conf.ndots, 1);
  assert.deepEqual(conf.problems, []);
});

test('Ubuntu systemd-resolved stub: 127.0.0.53, edns0 trust-ad, search "."', () => {
  const conf = parseResolvConf(fixtureText('ubuntu-stub-resolv.conf'));
  assert.deepEqual(conf.nameservers, ['127.0.0.53']);
  assert.ok(hasOption(conf, 'edns0'));
  assert.ok(hasOption(conf, 'trust-ad'));
  assert.deepEqual(conf.search, ['.']);
  assert.deepEqual(conf.problems, []);
});

test('four nameservers: glibc and musl use the first three', () => {
  for (const flavour of ['glibc', 'musl'] as const) {
    const conf = parseResolvConf(fixtureText('systemd-resolved-upstream-resolv.conf'), flavour);
    assert.deepEqual(conf.nameservers, ['10.0.0.2', '10.0.1.2', '10.0.2.2']);
    assert.deepEqual(conf.ignoredNameservers, ['10.0.3.2']);
    assert.equal(conf.problems.length, 1);
    assert.equal(conf.problems[0]?.line, 20);
  }
});

const table: { name: string; text: string; flavour?: 'glibc' | 'musl'; expect: Partial<ReturnType<typeof parseResolvConf>>; problems?: number }[] = [
  { name: 'last search wins', text: 'search a.example\nsearch b.example c.example\nnameserver 10.0.0.1\n', expect: { search: ['b.example', 'c.example'], searchFrom: 'search' }, problems: 1 },
  { name: 'domain after search replaces it', text: 'search a.example b.example\ndomain corp.example\nnameserver 10.0.0.1\n', expect: { search: ['corp.example'], searchFrom: 'domain' }, problems: 1 },
  { name: 'search after domain replaces it', text: 'domain corp.example\nsearch a.example\nnameserver 10.0.0.1\n', expect: { search: ['a.example'], searchFrom: 'search' }, problems: 1 },
  { name: 'trailing dots on search domains are dropped', text: 'search svc.cluster.local. cluster.local.\nnameserver 10.0.0.1\n', expect: { search: ['svc.cluster.local', 'cluster.local'] } },
  { name: 'ndots above 15 is capped', text: 'nameserver 10.0.0.1\noptions ndots:20\n', expect: { ndots: 15 }, problems: 1 },
  { name: 'ndots:0', text: 'nameserver 10.0.0.1\noptions ndots:0\n', expect: { ndots: 0 } },
  { name: 'glibc reads garbage ndots as 0 (atoi)', text: 'nameserver 10.0.0.1\noptions ndots:five\n', expect: { ndots: 0 }, problems: 1 },
  { name: 'musl ignores garbage ndots (strtoul)', flavour: 'musl', text: 'nameserver 10.0.0.1\noptions ndots:five\n', expect: { ndots: 1 }, problems: 1 },
  { name: 'later options line overrides', text: 'nameserver 10.0.0.1\noptions ndots:2\noptions ndots:3 timeout:1\n', expect: { ndots: 3, timeoutSeconds: 1 } },
  { name: 'timeout capped at 30, attempts at 5 (glibc)', text: 'nameserver 10.0.0.1\noptions timeout:90 attempts:9\n', expect: { timeoutSeconds: 30, attempts: 5 }, problems: 2 },
  { name: 'timeout capped at 60, attempts at 10 (musl)', flavour: 'musl', text: 'nameserver 10.0.0.1\noptions timeout:90 attempts:11\n', expect: { timeoutSeconds: 60, attempts: 10 }, problems: 2 },
  { name: 'glibc flags are known', text: 'nameserver 10.0.0.1\noptions rotate single-request-reopen use-vc edns0 trust-ad no-tld-query\n', expect: {} },
  { name: 'musl does not understand rotate or single-request', flavour: 'musl', text: 'nameserver 10.0.0.1\noptions rotate single-request\n', expect: {}, problems: 2 },
  { name: 'unknown option', text: 'nameserver 10.0.0.1\noptions ndots:2 inet6-please\n', expect: { ndots: 2 }, problems: 1 },
  { name: '# and ; comments', text: '# generated\n; by dhclient\nnameserver 10.0.0.1\n', expect: { nameservers: ['10.0.0.1'] } },
  { name: 'IPv6 nameserver with zone', text: 'nameserver fe80::1%eth0\nnameserver 2001:4860:4860::8888\n', expect: { nameservers: ['fe80::1%eth0', '2001:4860:4860::8888'] } },
  { name: 'a host name is not a nameserver', text: 'nameserver dns.google\nnameserver 8.8.8.8\n', expect: { nameservers: ['8.8.8.8'] }, problems: 1 },
  { name: 'leading blank: the keyword must start the line', text: ' nameserver 10.0.0.9\nnameserver 10.0.0.1\n', expect: { nameservers: ['10.0.0.1'] }, problems: 1 },
  { name: 'no nameserver at all', text: 'search example.com\n', expect: { nameservers: [] }, problems: 1 },
  { name: 'CRLF line ends', text: 'nameserver 10.0.0.1\r\nsearch a.example\r\noptions ndots:3\r\n', expect: { nameservers: ['10.0.0.1'], search: ['a.example'], ndots: 3 } },
  { name: 'unknown keyword', text: 'nameservers 10.0.0.1\nnameserver 10.0.0.2\n', expect: { nameservers: ['10.0.0.2'] }, problems: 1 },
  { name: 'empty file', text: '', expect: { nameservers: [], search: [], ndots: 1, timeoutSeconds: 5, attempts: 2 }, problems: 1 },
];

for (const c of table) {
  test(`parseResolvConf: ${c.name}`, () => {
    const conf = parseResolvConf(c.text, c.flavour ?? 'glibc');
    for (const [key, value] of Object.entries(c.expect)) {
      assert.deepEqual(conf[key as keyof typeof conf], value, key);
    }
    assert.equal(conf.problems.length, c.problems ?? 0, JSON.stringify(conf.problems));
  });
}

test('musl drops a search line longer than its 254-character line buffer; glibc keeps it', () => {
  const domains = Array.from({ length: 12 }, (_, i) => `team${i}.apps.eu-west-1.corp.example.com`);
  const text = `nameserver 10.96.0.10\nsearch default.svc.cluster.local ${domains.join(' ')}\noptions ndots:5\n`;
  const glibc = parseResolvConf(text, 'glibc');
  const musl = parseResolvConf(text, 'musl');
  assert.equal(glibc.search.length, 13);
  assert.deepEqual(musl.search, []);
  assert.match(musl.problems[0]?.message ?? '', /longer than 254/);
  assert.equal(musl.ndots, 5);
});

test('optionValue returns the last value given', () => {
  const conf = parseResolvConf('nameserver 10.0.0.1\noptions ndots:2\noptions ndots:4\n');
  assert.deepEqual(optionValue(conf, 'ndots'), { name: 'ndots', value: '4' });
  assert.equal(optionValue(conf, 'rotate'), undefined);
});

test('formatResolvConf writes what containerd writes, and parses back', () => {
  const text = formatResolvConf({
    nameservers: ['10.96.0.10'],
    search: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
    options: ['ndots:5'],
  });
  assert.equal(text, 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  const conf = parseResolvConf(text);
  assert.equal(conf.ndots, 5);
  assert.equal(formatResolvConf({ nameservers: [], search: [], options: [] }), '');
});

test('isIpAddress', () => {
  for (const ok of ['10.96.0.10', '::1', 'fd00:10:96::a', '::ffff:10.0.0.1', 'fe80::1%eth0', '2001:db8:0:0:0:0:0:1']) assert.ok(isIpAddress(ok), ok);
  for (const bad of ['10.96.0', '256.1.1.1', '10.96.0.10.1', 'kube-dns', '1:2:3:4:5:6:7:8:9', '1::2::3', 'fe80::1%', '', ':::']) assert.ok(!isIpAddress(bad), bad);
});

test('binary junk never throws', () => {
  const junk = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
  const conf = parseResolvConf(junk);
  assert.ok(Array.isArray(conf.problems));
});
