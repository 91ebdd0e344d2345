import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidateNames, walkResolution } from '../../src/resolver/search.ts';
import type { ResolverOutcome } from '../../src/resolver/libc.ts';
import { parseResolvConf } from '../../src/resolver/resolv-conf.ts';
import { fixtureText } from './fixture.ts';

/** search default.svc.cluster.local svc.cluster.local cluster.local ec2.internal / ndots:5 */
const eks = parseResolvConf(fixtureText('eks-pod-resolv.conf'));
/** The Kubernetes docs' dnsPolicy None example: ndots:2. */
const ndots2 = parseResolvConf('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n');

const names = (list: { fqdn: string }[]): string[] => list.map((c) => c.fqdn);

type SearchConf = { search: string[]; ndots: number };

const candidateTable: { name: string; conf: SearchConf; flavour: 'glibc' | 'musl'; expect: string[]; kinds?: string }[] = [
  {
    name: 'web',
    conf: eks,
    flavour: 'glibc',
    expect: ['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.ec2.internal.', 'web.'],
    kinds: 'ssssa',
  },
  {
    name: 'google.com',
    conf: eks,
    flavour: 'glibc',
    expect: ['google.com.default.svc.cluster.local.', 'google.com.svc.cluster.local.', 'google.com.cluster.local.', 'google.com.ec2.internal.', 'google.com.'],
  },
  {
    name: 'web.shop',
    conf: eks,
    flavour: 'musl',
    expect: ['web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.', 'web.shop.cluster.local.', 'web.shop.ec2.internal.', 'web.shop.'],
  },
  {
    // 4 dots < 5: the full Service name still walks the search list first.
    name: 'web.shop.svc.cluster.local',
    conf: eks,
    flavour: 'glibc',
    expect: [
      'web.shop.svc.cluster.local.default.svc.cluster.local.',
      'web.shop.svc.cluster.local.svc.cluster.local.',
      'web.shop.svc.cluster.local.cluster.local.',
      'web.shop.svc.cluster.local.ec2.internal.',
      'web.shop.svc.cluster.local.',
    ],
  },
  { name: 'web.shop.svc.cluster.local.', conf: eks, flavour: 'glibc', expect: ['web.shop.svc.cluster.local.'], kinds: 'a' },
  { name: 'web.shop.svc.cluster.local.', conf: eks, flavour: 'musl', expect: ['web.shop.svc.cluster.local.'] },
  { name: 'WEB.Shop', conf: eks, flavour: 'glibc', expect: ['web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.', 'web.shop.cluster.local.', 'web.shop.ec2.internal.', 'web.shop.'] },
  // dots >= ndots: glibc tries the name as is first, then the search list; musl the name only.
  { name: 'api.example.com', conf: ndots2, flavour: 'glibc', expect: ['api.example.com.', 'api.example.com.ns1.svc.cluster-domain.example.', 'api.example.com.my.dns.search.suffix.'], kinds: 'ass' },
  { name: 'api.example.com', conf: ndots2, flavour: 'musl', expect: ['api.example.com.'] },
  { name: 'db', conf: parseResolvConf('nameserver 10.0.0.2\n'), flavour: 'glibc', expect: ['db.'] },
  // systemd-resolved's "search .": the root entry is the name as is, not tried twice.
  { name: 'myhost', conf: parseResolvConf(fixtureText('ubuntu-stub-resolv.conf')), flavour: 'glibc', expect: ['myhost.'], kinds: 'a' },
  { name: 'myhost', conf: parseResolvConf('search corp.example .\noptions ndots:1\n'), flavour: 'glibc', expect: ['myhost.corp.example.', 'myhost.'], kinds: 'sa' },
  // musl appends "." literally ("myhost..") and the lookup fails there.
  { name: 'myhost', conf: parseResolvConf('search corp.example .\noptions ndots:1\n'), flavour: 'musl', expect: ['myhost.corp.example.'] },
  { name: 'web', conf: { search: ['a.example'], ndots: 0 }, flavour: 'glibc', expect: ['web.', 'web.a.example.'] },
];

for (const c of candidateTable) {
  test(`candidateNames ${c.flavour}: ${c.name} (ndots ${c.conf.ndots})`, () => {
    const got = candidateNames(c.name, c.conf, c.flavour);
    assert.deepEqual(names(got), c.expect);
    if (c.kinds) assert.equal(got.map((x) => x.kind[0]).join(''), c.kinds);
  });
}

// glibc resolv/res_query.c: res_nmkquery cannot encode a name over 253 characters, h_errno is
// NO_RECOVERY and the search loop ends (`default: done++`); the name as is is still tried.
test('candidateNames glibc: a search name over 253 characters ends the search list', () => {
  const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(20)}.example`;
  const got = candidateNames(`${'w'.repeat(60)}`, { search: [long, 'short.example'], ndots: 5 }, 'glibc');
  assert.deepEqual(got.map((x) => x.domain ?? '-'), ['-']);
  const later = candidateNames(`${'w'.repeat(60)}`, { search: ['first.example', long, 'short.example'], ndots: 5 }, 'glibc');
  assert.deepEqual(later.map((x) => x.domain ?? '-'), ['first.example', '-']);
});

// musl src/network/lookup_name.c name_from_dns_search: `if (z-p < 256 - l - 1)` skips a name +
// domain of 256 characters or more; __res_mkquery rejects 254-255 (`l>253`) and name_from_dns
// returns EAI_NONAME, which ends the lookup.
test('candidateNames musl: 256+ characters skipped, 254-255 end the lookup', () => {
  const long = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(20)}.example`;
  const skipped = candidateNames(`${'w'.repeat(60)}`, { search: [long, 'short.example'], ndots: 5 }, 'musl');
  assert.deepEqual(skipped.map((x) => x.domain ?? '-'), ['short.example', '-']);
  const name = 'w'.repeat(254 - 1 - 'x.example'.length);
  const ends = candidateNames(name, { search: ['ok.ex', 'x.example', 'short.example'], ndots: 5 }, 'musl');
  assert.equal(`${name}.x.example`.length, 254);
  assert.deepEqual(ends.map((x) => x.domain ?? '-'), ['ok.ex']);
});

// glibc res_query.c: a "." entry is queried where it stands (`root_on_list++`), even after the
// name was tried first (dots >= ndots); once reached, the name is not tried again at the end.
test('candidateNames glibc: a "." entry is the name as is in its place, also after the first try', () => {
  const first = candidateNames('a.b.c', { search: ['x.example', '.', 'y.example'], ndots: 1 }, 'glibc');
  assert.deepEqual(names(first), ['a.b.c.', 'a.b.c.x.example.', 'a.b.c.', 'a.b.c.y.example.']);
  assert.deepEqual(first.map((c) => c.root ?? false), [false, false, true, false]);
  const middle = candidateNames('web', { search: ['x.example', '.', 'y.example'], ndots: 5 }, 'glibc');
  assert.deepEqual(names(middle), ['web.x.example.', 'web.', 'web.y.example.']);
});

test('walkResolution glibc: a timeout before the "." entry tries the name as is once, then stops', () => {
  const c = candidateNames('web', { search: ['x.example', '.', 'y.example'], ndots: 5 }, 'glibc');
  const walk = walkResolution(c, ['TIMEOUT', 'NXDOMAIN', 'NOERROR']);
  assert.deepEqual(names(walk.steps), ['web.x.example.', 'web.']);
  assert.equal(walk.answeredBy, null);
});

test('walkResolution glibc: "." first in the list is a search entry (a timeout there ends the search)', () => {
  const c = candidateNames('web', { search: ['.', 'y.example'], ndots: 5 }, 'glibc');
  assert.deepEqual(names(c), ['web.', 'web.y.example.']);
  const walk = walkResolution(c, ['TIMEOUT', 'NOERROR']);
  assert.deepEqual(names(walk.steps), ['web.']);
  assert.equal(walk.answeredBy, null);
});

test('walkResolution glibc: after the first try, a timeout in the search list does not ask the name again', () => {
  const c = candidateNames('a.b.c', { search: ['x.example', '.', 'y.example'], ndots: 1 }, 'glibc');
  const walk = walkResolution(c, ['NXDOMAIN', 'TIMEOUT', 'NOERROR', 'NOERROR']);
  assert.deepEqual(names(walk.steps), ['a.b.c.', 'a.b.c.x.example.']);
  assert.equal(walk.result, 'NXDOMAIN', 'saved_herrno of the first query');
});

// res_query.c: got_nodata / got_servfail are counted in the search loop only; the final as-is
// query's own h_errno is overridden by them.
test('walkResolution glibc: SERVFAIL in the search list outranks a NODATA of the final name as is', () => {
  const c = candidateNames('web', { search: ['x.example'], ndots: 5 }, 'glibc');
  const walk = walkResolution(c, ['SERVFAIL', 'NODATA']);
  assert.equal(walk.result, 'SERVFAIL');
});

const N = 'NXDOMAIN' as const;

const walkTable: {
  name: string;
  query: string;
  conf?: typeof eks;
  flavour: 'glibc' | 'musl';
  outcomes: (ResolverOutcome | null)[];
  answeredBy: number | null;
  result: string;
  sent: number;
  wasted: number;
  tried?: number;
}[] = [
  { name: 'curl web: answered by the first search candidate', query: 'web', flavour: 'glibc', outcomes: ['NOERROR', N, N, N, N], answeredBy: 0, result: 'NOERROR', sent: 2, wasted: 0 },
  { name: 'google.com: four search domains wasted', query: 'google.com', flavour: 'glibc', outcomes: [N, N, N, N, 'NOERROR'], answeredBy: 4, result: 'NOERROR', sent: 10, wasted: 8 },
  { name: 'web.shop: one wasted name', query: 'web.shop', flavour: 'glibc', outcomes: [N, 'NOERROR', N, N, N], answeredBy: 1, result: 'NOERROR', sent: 4, wasted: 2 },
  { name: 'web.shop.svc.cluster.local (4 dots < 5)', query: 'web.shop.svc.cluster.local', flavour: 'glibc', outcomes: [N, N, N, N, 'NOERROR'], answeredBy: 4, result: 'NOERROR', sent: 10, wasted: 8 },
  { name: 'trailing dot: one name, no waste', query: 'web.shop.svc.cluster.local.', flavour: 'glibc', outcomes: ['NOERROR'], answeredBy: 0, result: 'NOERROR', sent: 2, wasted: 0 },
  { name: 'nothing answers', query: 'nosuch', flavour: 'glibc', outcomes: [N, N, N, N, N], answeredBy: null, result: 'NXDOMAIN', sent: 10, wasted: 10 },
  // `curl shop` from namespace default: shop.svc.cluster.local is a namespace — CoreDNS answers NODATA.
  { name: 'glibc walks past NODATA and reports NODATA at the end', query: 'shop', flavour: 'glibc', outcomes: [N, 'NODATA', N, N, N], answeredBy: null, result: 'NODATA', sent: 10, wasted: 10 },
  { name: 'musl stops at NODATA', query: 'shop', flavour: 'musl', outcomes: [N, 'NODATA', N, N, N], answeredBy: null, result: 'NODATA', sent: 4, wasted: 4, tried: 2 },
  // The VPC resolver throttles and ec2.internal SERVFAILs.
  { name: 'glibc goes on after SERVFAIL', query: 'google.com', flavour: 'glibc', outcomes: [N, N, N, 'SERVFAIL', 'NOERROR'], answeredBy: 4, result: 'NOERROR', sent: 10, wasted: 8 },
  { name: 'musl gives up on SERVFAIL', query: 'google.com', flavour: 'musl', outcomes: [N, N, N, 'SERVFAIL', 'NOERROR'], answeredBy: null, result: 'SERVFAIL', sent: 8, wasted: 8, tried: 4 },
  { name: 'glibc: a timeout ends the search list, the name as is is still tried', query: 'google.com', flavour: 'glibc', outcomes: [N, 'TIMEOUT', N, N, 'NOERROR'], answeredBy: 4, result: 'NOERROR', sent: 6, wasted: 4, tried: 3 },
  { name: 'musl: a timeout ends the lookup', query: 'google.com', flavour: 'musl', outcomes: [N, 'TIMEOUT', N, N, 'NOERROR'], answeredBy: null, result: 'TIMEOUT', sent: 4, wasted: 4, tried: 2 },
  { name: 'glibc: SERVFAIL on every name reports SERVFAIL', query: 'web', flavour: 'glibc', outcomes: ['SERVFAIL', 'SERVFAIL', 'SERVFAIL', 'SERVFAIL', 'SERVFAIL'], answeredBy: null, result: 'SERVFAIL', sent: 10, wasted: 10 },
  { name: 'unknown prediction stops the walk', query: 'web', flavour: 'glibc', outcomes: [N, null, N, N, N], answeredBy: null, result: 'UNKNOWN', sent: 4, wasted: 4, tried: 2 },
  // ndots:2, dots >= ndots: glibc tries the name first and then the search list.
  { name: 'glibc: name as is first, then the search list, failure reported from the first', query: 'api.example.com', conf: ndots2, flavour: 'glibc', outcomes: [N, 'NODATA', N], answeredBy: null, result: 'NXDOMAIN', sent: 6, wasted: 6 },
  { name: 'glibc: found through the search list after the name as is failed', query: 'api.example.com', conf: ndots2, flavour: 'glibc', outcomes: [N, 'NOERROR', N], answeredBy: 1, result: 'NOERROR', sent: 4, wasted: 2 },
  { name: 'musl: the name as is only', query: 'api.example.com', conf: ndots2, flavour: 'musl', outcomes: [N], answeredBy: null, result: 'NXDOMAIN', sent: 2, wasted: 2 },
];

for (const c of walkTable) {
  test(`walkResolution ${c.flavour}: ${c.name}`, () => {
    const candidates = candidateNames(c.query, c.conf ?? eks, c.flavour);
    assert.equal(candidates.length, c.outcomes.length, 'outcomes line up with candidates');
    const walk = walkResolution(candidates, c.outcomes, { flavour: c.flavour });
    assert.equal(walk.answeredBy, c.answeredBy);
    assert.equal(walk.result, c.result);
    assert.equal(walk.queriesSent, c.sent);
    assert.equal(walk.wastedQueries, c.wasted);
    assert.equal(walk.steps.length + walk.notTried.length, candidates.length);
    if (c.tried !== undefined) assert.equal(walk.steps.length, c.tried);
  });
}

test('walkResolution: glibc timeout on a search name skips to the name as is', () => {
  const candidates = candidateNames('google.com', eks, 'glibc');
  const walk = walkResolution(candidates, [N, 'TIMEOUT', N, N, 'NOERROR']);
  assert.deepEqual(names(walk.steps), ['google.com.default.svc.cluster.local.', 'google.com.svc.cluster.local.', 'google.com.']);
  assert.deepEqual(names(walk.notTried), ['google.com.cluster.local.', 'google.com.ec2.internal.']);
  assert.deepEqual(walk.steps.map((s) => s.action), ['continue', 'skip-search', 'answer']);
});

test('walkResolution: one family sends one query per name; glibc "options no-aaaa" too', () => {
  const candidates = candidateNames('google.com', eks, 'glibc');
  const outcomes: ResolverOutcome[] = [N, N, N, N, 'NOERROR'];
  assert.equal(walkResolution(candidates, outcomes, { family: 'ipv4' }).queriesSent, 5);
  const noAaaa = parseResolvConf('nameserver 10.96.0.10\noptions ndots:5 no-aaaa\n');
  assert.equal(walkResolution(candidates, outcomes, { conf: noAaaa }).queriesSent, 5);
  assert.equal(walkResolution(candidates, outcomes, { conf: noAaaa, flavour: 'musl' }).queriesSent, 10);
});

test('walkResolution: no candidates, missing outcomes', () => {
  const empty = walkResolution([], []);
  assert.equal(empty.answeredBy, null);
  assert.equal(empty.queriesSent, 0);
  const missing = walkResolution(candidateNames('web', eks, 'glibc'), []);
  assert.equal(missing.result, 'UNKNOWN');
  assert.equal(missing.steps.length, 1);
});

// glibc res_query.c, search loop: `if (errno == ECONNREFUSED) { ... return (-1); }` — no server
// listens (127.0.0.1 when resolv.conf has no nameserver); the initial as-is query only saves h_errno.
test('walkResolution glibc: connection refused ends the lookup at the first search name', () => {
  const short = candidateNames('web', eks, 'glibc');
  const walk = walkResolution(short, short.map(() => 'CONNREFUSED' as const));
  assert.deepEqual(names(walk.steps), ['web.default.svc.cluster.local.']);
  assert.equal(walk.result, 'CONNREFUSED');
  const dotted = candidateNames('api.example.com', ndots2, 'glibc');
  const walk2 = walkResolution(dotted, dotted.map(() => 'CONNREFUSED' as const));
  assert.deepEqual(names(walk2.steps), ['api.example.com.', 'api.example.com.ns1.svc.cluster-domain.example.']);
});
