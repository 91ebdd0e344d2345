import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Token } from '../../src/corefile/ast.ts';
import { parseServerKey, splitHostPort, isDomainName } from '../../src/corefile/server-key.ts';

const tok = (text: string): Token => ({ text, file: 'Corefile', line: 1, column: 1, quoted: false, length: text.length });

// CoreDNS address_test.go / register.go style: key -> scheme, zones, port, explicit, problem?
const table: { key: string; scheme: string; zones: string[]; port: number; explicit: boolean; problem?: RegExp; warning?: RegExp }[] = [
  { key: '.', scheme: 'dns', zones: ['.'], port: 53, explicit: false },
  { key: '.:53', scheme: 'dns', zones: ['.'], port: 53, explicit: true },
  { key: 'example.org:1053', scheme: 'dns', zones: ['example.org.'], port: 1053, explicit: true },
  { key: 'Example.ORG', scheme: 'dns', zones: ['example.org.'], port: 53, explicit: false },
  { key: 'cluster.local.', scheme: 'dns', zones: ['cluster.local.'], port: 53, explicit: false },
  { key: 'dns://.:53', scheme: 'dns', zones: ['.'], port: 53, explicit: true },
  { key: 'tls://example.org', scheme: 'tls', zones: ['example.org.'], port: 853, explicit: false },
  { key: 'tls://.:8853', scheme: 'tls', zones: ['.'], port: 8853, explicit: true },
  { key: 'quic://.', scheme: 'quic', zones: ['.'], port: 853, explicit: false },
  { key: 'grpc://.', scheme: 'grpc', zones: ['.'], port: 443, explicit: false },
  { key: 'https://.', scheme: 'https', zones: ['.'], port: 443, explicit: false },
  { key: 'https3://.', scheme: 'https3', zones: ['.'], port: 443, explicit: false },
  { key: 'https3://example.org:8443', scheme: 'https3', zones: ['example.org.'], port: 8443, explicit: true },
  // Reverse zones from CIDRs (plugin/pkg/cidr).
  { key: '10.0.0.0/8', scheme: 'dns', zones: ['10.in-addr.arpa.'], port: 53, explicit: false },
  { key: '10.0.0.0/24:53', scheme: 'dns', zones: ['0.0.10.in-addr.arpa.'], port: 53, explicit: true },
  { key: '10.96.0.0/12', scheme: 'dns', zones: Array.from({ length: 16 }, (_, i) => `${96 + i}.10.in-addr.arpa.`), port: 53, explicit: false },
  // /25 is not on an octet boundary: CoreDNS splits it into 128 /32 networks, one zone each.
  { key: '192.168.1.128/25', scheme: 'dns', zones: Array.from({ length: 128 }, (_, i) => `${128 + i}.1.168.192.in-addr.arpa.`), port: 53, explicit: false },
  { key: '0.0.0.0/0', scheme: 'dns', zones: ['in-addr.arpa.'], port: 53, explicit: false },
  { key: '10.1.2.3/8', scheme: 'dns', zones: ['10.in-addr.arpa.'], port: 53, explicit: false },
  { key: 'fd00::/64', scheme: 'dns', zones: ['0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.'], port: 53, explicit: false },
  { key: 'fd00::/63:1053', scheme: 'dns', zones: ['0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.'], port: 1053, explicit: true },
  // Problems.
  { key: 'example.org:', scheme: 'dns', zones: [], port: 53, explicit: false, problem: /after the last colon/ },
  { key: 'example.org:abc', scheme: 'dns', zones: ['example.org:abc.'], port: 53, explicit: false, problem: /not a port number/ },
  { key: '.:99999', scheme: 'dns', zones: ['.'], port: 99999, explicit: true, problem: /out of range/ },
  { key: ':53', scheme: 'dns', zones: [], port: 53, explicit: false, problem: /not a valid domain name/ },
  { key: 'a..b', scheme: 'dns', zones: [], port: 53, explicit: false, problem: /not a valid domain name/ },
  { key: '', scheme: 'dns', zones: [], port: 53, explicit: false, problem: /empty/ },
  // An unknown scheme stays in the zone name: CoreDNS 1.15.0 starts (it warns 'Domain "udp://." does not follow RFC1035').
  { key: 'udp://.:53', scheme: 'dns', zones: ['.'], port: 53, explicit: true, warning: /unknown scheme "udp:\/\/"/ },
  { key: 'unix://foo', scheme: 'dns', zones: ['foo.'], port: 53, explicit: false, warning: /unknown scheme "unix:\/\/"/ },
  { key: '::/0', scheme: 'dns', zones: [], port: 53, explicit: false, problem: /invalid CIDR/ },
];

for (const row of table) {
  test(`server key ${JSON.stringify(row.key)}`, () => {
    const k = parseServerKey(tok(row.key));
    assert.deepEqual(
      { scheme: k.scheme, zones: k.zones, port: k.port, explicit: k.explicitPort },
      { scheme: row.scheme, zones: row.zones, port: row.port, explicit: row.explicit },
    );
    if (row.problem) assert.match(k.problem ?? '(none)', row.problem);
    else assert.equal(k.problem, undefined);
    if (row.warning) assert.match(k.warning ?? '(none)', row.warning);
    else assert.equal(k.warning, undefined);
  });
}

test('splitHostPort: a /1 IPv4 network expands to 128 zones (bounded)', () => {
  const r = splitHostPort('0.0.0.0/1');
  assert.ok(r.ok);
  if (r.ok) {
    assert.equal(r.hosts.length, 128);
    assert.equal(r.hosts[0], '0.in-addr.arpa.');
    assert.equal(r.hosts[127], '127.in-addr.arpa.');
  }
});

test('isDomainName: labels and lengths', () => {
  assert.equal(isDomainName('.'), true);
  assert.equal(isDomainName('a.b.'), true);
  assert.equal(isDomainName('.a'), false);
  assert.equal(isDomainName('a'.repeat(64)), false);
  assert.equal(isDomainName(('a'.repeat(60) + '.').repeat(5)), false);
});
