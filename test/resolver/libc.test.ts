/**
 * getaddrinfo's A + AAAA pair folded into one outcome per name, as each libc folds it: a table of
 * real-world pairs (dual-stack, IPv6-only, an upstream that fails AAAA, a lone CNAME).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineAddressQueries, type ResolverOutcome, type TypedOutcome } from '../../src/resolver/libc.ts';

const q = (status: ResolverOutcome | null, hasData = status === 'NOERROR'): TypedOutcome => ({ status, hasData });

const CASES: { name: string; a: TypedOutcome; aaaa: TypedOutcome; glibc: ResolverOutcome | null; musl: ResolverOutcome | null }[] = [
  { name: 'dual-stack Service: both answer', a: q('NOERROR'), aaaa: q('NOERROR'), glibc: 'NOERROR', musl: 'NOERROR' },
  { name: 'IPv4-only Service: AAAA is NODATA', a: q('NOERROR'), aaaa: q('NODATA'), glibc: 'NOERROR', musl: 'NOERROR' },
  { name: 'IPv6-only Service: A is NODATA', a: q('NODATA'), aaaa: q('NOERROR'), glibc: 'NOERROR', musl: 'NOERROR' },
  { name: 'no such name', a: q('NXDOMAIN'), aaaa: q('NXDOMAIN'), glibc: 'NXDOMAIN', musl: 'NXDOMAIN' },
  { name: 'a name with other records only', a: q('NODATA'), aaaa: q('NODATA'), glibc: 'NODATA', musl: 'NODATA' },
  // res_query.c: `hp->rcode == NOERROR ? hp2->rcode : hp->rcode` — the second reply decides when the first is a NOERROR without data.
  { name: 'A NODATA, AAAA SERVFAIL', a: q('NODATA'), aaaa: q('SERVFAIL'), glibc: 'SERVFAIL', musl: 'SERVFAIL' },
  // musl checks every reply's rcode before counting addresses: a failed AAAA throws the A answer away (EAI_AGAIN).
  { name: 'A answers, the upstream fails AAAA (SERVFAIL)', a: q('NOERROR'), aaaa: q('SERVFAIL'), glibc: 'NOERROR', musl: 'SERVFAIL' },
  { name: 'A answers, the AAAA reply is lost (timeout)', a: q('NOERROR'), aaaa: q('TIMEOUT'), glibc: 'NOERROR', musl: 'TIMEOUT' },
  // musl: NXDOMAIN in either reply returns 0, "try the next search name", even with an A address in hand.
  { name: 'A answers, a broken server says NXDOMAIN for AAAA', a: q('NOERROR'), aaaa: q('NXDOMAIN'), glibc: 'NOERROR', musl: 'NXDOMAIN' },
  { name: 'ExternalName whose target did not resolve: a lone CNAME still ends the walk', a: q('NOERROR', false), aaaa: q('NOERROR', false), glibc: 'NOERROR', musl: 'NOERROR' },
  { name: 'A refused', a: q('REFUSED'), aaaa: q('REFUSED'), glibc: 'REFUSED', musl: 'REFUSED' },
  { name: 'unknown A (upstream), AAAA NXDOMAIN', a: q(null), aaaa: q('NXDOMAIN'), glibc: null, musl: null },
];

for (const c of CASES) {
  test(`A+AAAA: ${c.name}`, () => {
    assert.equal(combineAddressQueries('glibc', [c.a, c.aaaa]).outcome, c.glibc, 'glibc');
    assert.equal(combineAddressQueries('musl', [c.a, c.aaaa]).outcome, c.musl, 'musl');
  });
}

test('one type asked (--type): its outcome as is', () => {
  assert.deepEqual(combineAddressQueries('musl', [q('NODATA')]), { outcome: 'NODATA', hasData: false });
  assert.deepEqual(combineAddressQueries('glibc', [q('NOERROR')]), { outcome: 'NOERROR', hasData: true });
});

test('hasData: an address in either reply; none in a lone CNAME', () => {
  assert.equal(combineAddressQueries('glibc', [q('NODATA'), q('NOERROR')]).hasData, true);
  assert.equal(combineAddressQueries('glibc', [q('NOERROR', false), q('NOERROR', false)]).hasData, false);
});
