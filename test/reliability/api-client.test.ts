/**
 * The API client against hostile servers: every wait ends, every list is bounded, 429/5xx with
 * Retry-After are retried as client-go does and no more. Each case is bounded in time.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { connect, type ClusterClient } from '../../src/cluster/client.ts';
import { describeClusterError, type ClusterError } from '../../src/cluster/errors.ts';
import type { ApiLimits } from '../../src/cluster/limits.ts';
import { writeKubeconfig } from '../harness/kubeconfig.ts';
import { haveOpenssl, selfSignedCert } from '../harness/tls.ts';
import { startHostileApiServer, type HostileApiServer, type HostileMode } from './hostile-apiserver.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function clientFor(
  mode: HostileMode,
  opts: { requestTimeout?: string; limits?: Partial<ApiLimits>; tls?: boolean } = {},
): Promise<{ server: HostileApiServer; client: ClusterClient }> {
  const server = await startHostileApiServer(mode, opts.tls ? { tls: selfSignedCert() } : {});
  const kubeconfig = writeKubeconfig(server, { namespace: 'shop' });
  cleanups.push(() => server.close(), () => rmSync(dirname(kubeconfig), { recursive: true, force: true }));
  const client = await connect(
    { kubeconfig, ...(opts.requestTimeout ? { requestTimeout: opts.requestTimeout } : {}) },
    { env: {}, ...(opts.limits ? { limits: opts.limits } : {}) },
  );
  return { server, client };
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t };
}

function errorOf<T>(r: { ok: true; value: T } | { ok: false; error: ClusterError }): ClusterError {
  assert.equal(r.ok, false, 'expected a failure');
  return (r as { error: ClusterError }).error;
}

describe('every wait is bounded', { timeout: 60_000 }, () => {
  for (const tls of [false, true]) {
    const via = tls ? 'HTTPS (undici dispatcher)' : 'HTTP (fetch)';
    test(`a server that never answers: --request-timeout 1s ends the request in about 1 s, ${via}`, { skip: tls && !haveOpenssl() }, async () => {
      const { client } = await clientFor({ kind: 'never-answer' }, { requestTimeout: '1s', tls });
      const { value, ms } = await timed(() => client.list('Service', { namespace: 'shop' }));
      const e = errorOf(value);
      assert.equal(e.kind, 'timeout');
      assert.ok(ms >= 950 && ms < 2000, `took ${Math.round(ms)} ms`);
      assert.match(describeClusterError(e), /did not answer \/api\/v1\/namespaces\/shop\/services\?limit=500 within 1s \(--request-timeout\)/);
    });

    test(`a body that trickles forever is cut by the same timer, ${via}`, { skip: tls && !haveOpenssl() }, async () => {
      const { client } = await clientFor({ kind: 'slow-body', intervalMs: 100 }, { requestTimeout: '1s', tls });
      const { value, ms } = await timed(() => client.getJSON('/api/v1/services'));
      assert.equal(errorOf(value).kind, 'timeout');
      assert.ok(ms >= 950 && ms < 2000, `took ${Math.round(ms)} ms`);
    });
  }

  test('without --request-timeout the default applies (and the message says how to raise it)', async () => {
    const { client } = await clientFor({ kind: 'never-answer' }, { limits: { defaultRequestTimeoutMs: 700 } });
    const { value, ms } = await timed(() => client.getJSON('/api/v1/namespaces/shop'));
    const e = errorOf(value);
    assert.ok(ms >= 650 && ms < 1700, `took ${Math.round(ms)} ms`);
    assert.match(describeClusterError(e), /within 700ms \(the default request timeout; raise it with --request-timeout\)/);
  });

  test('--request-timeout 0 still gets the default, never an unbounded wait', async () => {
    const { client } = await clientFor({ kind: 'never-answer' }, { requestTimeout: '0', limits: { defaultRequestTimeoutMs: 500 } });
    const { value, ms } = await timed(() => client.getJSON('/api/v1/namespaces/shop'));
    assert.equal(errorOf(value).kind, 'timeout');
    assert.ok(ms < 1500, `took ${Math.round(ms)} ms`);
  });

  test("the command's deadline bounds the sum of requests, and later requests fail at once", async () => {
    const { client } = await clientFor({ kind: 'never-answer' }, { requestTimeout: '10s', limits: { commandDeadlineMs: 800 } });
    const first = await timed(() => client.getJSON('/api/v1/namespaces/shop'));
    assert.ok(first.ms < 1800, `took ${Math.round(first.ms)} ms`);
    assert.match(describeClusterError(errorOf(first.value)), /the command's deadline of 800ms for API requests passed/);
    const second = await timed(() => client.getJSON('/api/v1/namespaces/shop'));
    assert.equal(errorOf(second.value).kind, 'timeout');
    assert.ok(second.ms < 100, `took ${Math.round(second.ms)} ms`);
  });

  test('an answer larger than the byte limit is refused', async () => {
    const { client } = await clientFor({ kind: 'huge-body', bytes: 2_000_000 }, { limits: { maxResponseBytes: 1_000_000 } });
    const e = errorOf(await client.getJSON('/api/v1/services'));
    assert.equal(e.kind, 'badResponse');
    assert.match(describeClusterError(e), /larger than 1 MiB/);
  });
});

describe('pagination is bounded', { timeout: 60_000 }, () => {
  test('a continue token that never ends stops at the page limit with a clear error (default limit: 2,000 pages, not 100,000)', async () => {
    const { server, client } = await clientFor({ kind: 'endless-continue' });
    const e = errorOf(await client.list('Service', { namespace: 'shop' }));
    assert.match(describeClusterError(e), /the list did not end after 2,000 pages/);
    assert.equal(server.log.length, 2000);
  });

  test('a continue token that comes back (A, B, A) is an error at the first repeat', async () => {
    const { server, client } = await clientFor({ kind: 'cycling-continue' });
    const e = errorOf(await client.list('Service', { namespace: 'shop' }));
    assert.match(describeClusterError(e), /the continue token repeats an earlier one/);
    assert.equal(server.log.length, 3);
  });

  test('more objects than the item limit is an error, not an out-of-memory', async () => {
    const { client } = await clientFor({ kind: 'huge-list', count: 5000 }, { limits: { maxListItems: 1200 } });
    const e = errorOf(await client.list('Service', { namespace: 'shop' }));
    assert.match(describeClusterError(e), /more than 1,200 objects/);
  });

  test('malformed JSON is a bad response', async () => {
    const { client } = await clientFor({ kind: 'malformed-json' });
    const e = errorOf(await client.list('Service', { namespace: 'shop' }));
    assert.match(describeClusterError(e), /the body is not JSON/);
  });

  test('null and nameless items are skipped and each one reported', async () => {
    const { client } = await clientFor({ kind: 'null-items' });
    const skipped: string[] = [];
    const r = await client.list('Service', { namespace: 'shop', onMalformed: (m) => skipped.push(m) });
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((o) => (o['metadata'] as { name: string }).name), ['good-1', 'good-2']);
    assert.deepEqual(skipped, [
      'item 0 of /api/v1/namespaces/shop/services (null)',
      'item 2 of /api/v1/namespaces/shop/services (a number)',
      'item 3 of /api/v1/namespaces/shop/services (an array)',
      'item 4 of /api/v1/namespaces/shop/services (no metadata)',
      'item 5 of /api/v1/namespaces/shop/services (no metadata)',
      'item 6 of /api/v1/namespaces/shop/services (no metadata.name)',
      'item 7 of /api/v1/namespaces/shop/services (metadata is not an object)',
    ]);
  });
});

describe('429/503 with Retry-After: retried as client-go does, a bounded number of times', { timeout: 60_000 }, () => {
  test('429 Retry-After: 0 three times, then the answer', async () => {
    const { server, client } = await clientFor({ kind: 'status', code: 429, message: 'Too many requests', retryAfter: '0', times: 3 });
    const r = await client.getJSON('/api/v1/namespaces/shop');
    assert.ok(r.ok);
    assert.equal(server.log.length, 4);
  });

  test('the Retry-After seconds are waited', async () => {
    const { server, client } = await clientFor({ kind: 'status', code: 503, message: 'shutting down', retryAfter: '1', times: 1 });
    const { value, ms } = await timed(() => client.getJSON('/api/v1/namespaces/shop'));
    assert.ok(value.ok);
    assert.equal(server.log.length, 2);
    assert.ok(ms >= 950, `took ${Math.round(ms)} ms`);
  });

  test('a server that always says Retry-After gets 1 + 10 requests (client-go maxRetries), then the error', async () => {
    const { server, client } = await clientFor({ kind: 'status', code: 503, message: 'unavailable', retryAfter: '0' });
    const e = errorOf(await client.getJSON('/api/v1/namespaces/shop'));
    assert.equal(server.log.length, 11);
    assert.match(describeClusterError(e), /HTTP 503\) after 10 retries honouring Retry-After: unavailable/);
  });

  test('429 without Retry-After is not retried (client-go checkWait needs the header)', async () => {
    const { server, client } = await clientFor({ kind: 'status', code: 429, message: 'Too many requests' });
    const e = errorOf(await client.getJSON('/api/v1/namespaces/shop'));
    assert.equal(server.log.length, 1);
    assert.match(describeClusterError(e), /throttling requests \(HTTP 429 Too Many Requests\)/);
  });

  test('a Retry-After longer than the time left is not waited', async () => {
    const { server, client } = await clientFor({ kind: 'status', code: 429, message: 'slow down', retryAfter: '5' }, { requestTimeout: '2s' });
    const { value, ms } = await timed(() => client.getJSON('/api/v1/namespaces/shop'));
    errorOf(value);
    assert.equal(server.log.length, 1);
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });

  test('a non-integer Retry-After (an HTTP date) is not retried, as in client-go', async () => {
    const { server, client } = await clientFor({ kind: 'status', code: 503, message: 'x', retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
    errorOf(await client.getJSON('/api/v1/namespaces/shop'));
    assert.equal(server.log.length, 1);
  });

  test('401 and 403 are never retried', async () => {
    for (const code of [401, 403]) {
      const { server, client } = await clientFor({ kind: 'status', code, message: 'no', retryAfter: '0' });
      errorOf(await client.getJSON('/api/v1/namespaces/shop'));
      assert.equal(server.log.length, 1);
    }
  });
});
