import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { digArgv, parseDigOutput } from '../../src/dns/dig-output.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/dig/${name}`, import.meta.url), 'utf8');
const q = (fqdn: string, type = 'A') => ({ fqdn, type });

test('digArgv: one run, every question absolute, no search list, bounded waits', () => {
  assert.deepEqual(digArgv('10.96.0.10', [q('a.'), q('b.', 'AAAA')], 2), [
    'dig', '+time=2', '+tries=1', '+noall', '+comments', '+question', '+answer', '+nosearch', '@10.96.0.10', 'a.', 'A', 'b.', 'AAAA',
  ]);
});

test('parses real dig 9.18 output of five questions (captured against nsd)', () => {
  const questions = [
    q('web.default.svc.cluster.local.'),
    q('web.shop.svc.cluster.local.'),
    q('shop.svc.cluster.local.'),
    q('payments.shop.svc.cluster.local.'),
    q('api.shop.svc.cluster.local.', 'AAAA'),
  ];
  const got = parseDigOutput(fixture('nsd-five-questions.txt'), questions);
  assert.deepEqual(got.map((o) => [o.fqdn, o.status, o.answers]), [
    ['web.default.svc.cluster.local.', 'NXDOMAIN', []],
    ['web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7']],
    // An empty non-terminal (the namespace name): NOERROR without data.
    ['shop.svc.cluster.local.', 'NODATA', []],
    // A CNAME alone gives the program no address: the resolver sees NODATA.
    ['payments.shop.svc.cluster.local.', 'NODATA', ['payments.example.com.']],
    ['api.shop.svc.cluster.local.', 'NODATA', []],
  ]);
});

test('no server reachable: every question is a TIMEOUT with the reason', () => {
  const got = parseDigOutput(fixture('no-server-two-questions.txt'), [q('a.'), q('b.')]);
  assert.deepEqual(got.map((o) => o.status), ['TIMEOUT', 'TIMEOUT']);
  assert.match(got[0]!.error!, /no servers could be reached/);
});

test('output cut short (the exec timed out): the missing questions are TIMEOUTs', () => {
  const text = fixture('nsd-five-questions.txt').split(';; Got answer:').slice(0, 2).join(';; Got answer:');
  const got = parseDigOutput(text, [q('web.default.svc.cluster.local.'), q('web.shop.svc.cluster.local.')]);
  assert.deepEqual(got.map((o) => o.status), ['NXDOMAIN', 'TIMEOUT']);
});
