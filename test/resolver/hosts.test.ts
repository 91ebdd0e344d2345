import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookupHosts, parseHosts } from '../../src/resolver/hosts.ts';
import { computePodHosts } from '../../src/resolver/kubelet.ts';
import { fixtureText, loadPod } from './fixture.ts';

test('parseHosts: a Debian node file (blank lines, comments, trailing comment)', () => {
  const entries = parseHosts(fixtureText('debian-node-hosts'));
  assert.deepEqual(
    entries.map((e) => [e.line, e.address, e.family, e.names.join(' ')]),
    [
      [1, '127.0.0.1', 'ipv4', 'localhost'],
      [2, '127.0.1.1', 'ipv4', 'node-1.example.internal node-1'],
      [5, '::1', 'ipv6', 'localhost ip6-localhost ip6-loopback'],
      [6, 'ff02::1', 'ipv6', 'ip6-allnodes'],
      [7, 'ff02::2', 'ipv6', 'ip6-allrouters'],
      [8, '10.0.0.5', 'ipv4', 'registry.corp.example.com registry'],
    ],
  );
});

test('parseHosts: malformed lines are skipped', () => {
  const entries = parseHosts('not-an-ip foo\n10.0.0.1\n  10.0.0.2   spaced  # c\n#10.0.0.3 commented\n\x00\xff junk\n10.0.0.4\tok\r\n');
  assert.deepEqual(entries.map((e) => `${e.address}=${e.names.join(',')}`), ['10.0.0.2=spaced', '10.0.0.4=ok']);
});

const managed = parseHosts(computePodHosts(loadPod('pod-statefulset-web-0.yaml')));

const table: { name: string; query: string; family: 'ipv4' | 'ipv6' | 'any'; addresses: string[] | null; canonical?: string }[] = [
  { name: 'the pod\'s own FQDN (hostname.subdomain)', query: 'web-0.nginx.shop.svc.cluster.local', family: 'any', addresses: ['10.244.2.5', 'fd00:10:244:2::5'] },
  { name: 'the short hostname, IPv4 only', query: 'web-0', family: 'ipv4', addresses: ['10.244.2.5'], canonical: 'web-0.nginx.shop.svc.cluster.local' },
  { name: 'the short hostname, IPv6 only', query: 'web-0', family: 'ipv6', addresses: ['fd00:10:244:2::5'] },
  { name: 'a hostAlias, case-insensitive', query: 'FOO.Remote', family: 'any', addresses: ['10.1.2.3'], canonical: 'foo.remote' },
  { name: 'localhost, both families', query: 'localhost', family: 'any', addresses: ['127.0.0.1', '::1'] },
  { name: 'localhost, first IPv4 line only', query: 'localhost', family: 'ipv4', addresses: ['127.0.0.1'] },
  { name: 'an alias of the ::1 line', query: 'ip6-loopback', family: 'ipv4', addresses: null },
  { name: 'a Service name is not in the file', query: 'web', family: 'any', addresses: null },
  { name: 'the search list is never applied', query: 'foo', family: 'any', addresses: null },
];

for (const c of table) {
  test(`lookupHosts: ${c.name}`, () => {
    const m = lookupHosts(managed, c.query, c.family);
    assert.deepEqual(m?.addresses ?? null, c.addresses);
    if (c.canonical) assert.equal(m?.canonical, c.canonical);
  });
}

test('lookupHosts: a hostAlias listed twice — the first line wins for one family, all for any', () => {
  const entries = parseHosts('10.0.0.1\tapi.corp.example\n10.0.0.2\tapi.corp.example\n');
  assert.deepEqual(lookupHosts(entries, 'api.corp.example', 'ipv4')?.addresses, ['10.0.0.1']);
  assert.deepEqual(lookupHosts(entries, 'api.corp.example', 'any')?.addresses, ['10.0.0.1', '10.0.0.2']);
});

// glibc nss/nss_files/files-hosts.c _nss_files_gethostbyname4_r: `__strcasecmp (name, result.h_name)`
// and the aliases — the name as passed, trailing dot included. musl src/network/lookup_name.c
// name_from_hosts: strstr(p, name) between blanks — literal and case-sensitive.
test('lookupHosts: a trailing dot does not match a line without it (glibc and musl)', () => {
  const entries = parseHosts('127.0.0.1\tlocalhost\n10.1.2.3\tfoo.remote\n10.1.2.4\tdotted.example.\n');
  for (const flavour of ['glibc', 'musl'] as const) {
    assert.equal(lookupHosts(entries, 'foo.remote.', 'any', flavour), null, flavour);
    assert.equal(lookupHosts(entries, 'localhost.', 'ipv4', flavour), null, flavour);
    assert.deepEqual(lookupHosts(entries, 'dotted.example.', 'any', flavour)?.addresses, ['10.1.2.4'], flavour);
    assert.equal(lookupHosts(entries, 'dotted.example', 'any', flavour), null, flavour);
  }
});

test('lookupHosts: glibc compares case-insensitively, musl does not', () => {
  const entries = parseHosts('10.1.2.3\tfoo.remote\n');
  assert.deepEqual(lookupHosts(entries, 'FOO.Remote', 'any', 'glibc')?.addresses, ['10.1.2.3']);
  assert.equal(lookupHosts(entries, 'FOO.Remote', 'any', 'musl'), null);
});
