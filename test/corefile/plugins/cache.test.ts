import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheConfig, parseCache } from '../../../src/corefile/plugins/cache.ts';
import { directive } from './directive.ts';
import { runSetupTable } from './table.ts';

// Meaning of plugin/cache/setup_test.go.
runSetupTable('cache', parseCache, [
  { input: 'cache', shouldErr: false, expected: { successTtl: 3600, denialTtl: 1800, zones: ['cluster.local.'] } },
  { input: 'cache 30', shouldErr: false, expected: { successTtl: 30, denialTtl: 30 } },
  { input: 'cache 30 example.org', shouldErr: false, expected: { zones: ['example.org.'] } },
  { input: 'cache example.nl', shouldErr: false, expected: { zones: ['example.nl.'], successTtl: 3600 } },
  { input: 'cache 0', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache -1', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  success 10\n}', shouldErr: false, expected: { successCapacity: 10 } },
  { input: 'cache {\n  success 10 1800 30\n}', shouldErr: false, expected: { successCapacity: 10, successTtl: 1800, successMinTtl: 30 } },
  { input: 'cache {\n  denial 10 600\n}', shouldErr: false, expected: { denialCapacity: 10, denialTtl: 600 } },
  { input: 'cache {\n  success\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'cache {\n  success 15 0\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  success 15 20 -1\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  success aaa\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  prefetch 10\n}', shouldErr: false, expected: { prefetch: 10 } },
  { input: 'cache {\n  prefetch 10 1m 20%\n}', shouldErr: false },
  { input: 'cache {\n  prefetch 10 1m 20\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  prefetch 10 1m 95%\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  prefetch -1\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  serve_stale\n}', shouldErr: false, expected: { serveStaleMs: 3_600_000, serveStaleRefresh: 'immediate' } },
  { input: 'cache {\n  serve_stale 20m verify\n}', shouldErr: false, expected: { serveStaleMs: 1_200_000, serveStaleRefresh: 'verify' } },
  { input: 'cache {\n  serve_stale -20m\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  serve_stale 1h later\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  servfail 30s\n}', shouldErr: false, expected: { servfailMs: 30_000 } },
  { input: 'cache {\n  servfail 6m\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  disable success example.org\n}', shouldErr: false, expected: { disableSuccess: ['example.org.'] } },
  { input: 'cache {\n  disable everything\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'cache {\n  keepttl\n}', shouldErr: false, expected: { keepTtl: true } },
  { input: 'cache {\n  negttl 30\n}', shouldErr: true, codes: ['unknown-property'] },
]);

test('cacheConfig reads the kubeadm line', () => {
  assert.equal(cacheConfig(directive('cache 30'), ['.']).successTtl, 30);
});
