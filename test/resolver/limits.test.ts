import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchLimitProblems } from '../../src/resolver/limits.ts';
import { computePodResolvConf } from '../../src/resolver/kubelet.ts';
import { parseResolvConf } from '../../src/resolver/resolv-conf.ts';
import { fixtureText, loadPod } from './fixture.ts';

test('EKS pod search list: within every resolver\'s limits', () => {
  assert.deepEqual(searchLimitProblems(parseResolvConf(fixtureText('eks-pod-resolv.conf')).search), []);
});

test('GKE pod search list (6 domains, 149 characters): fine even for old glibc and musl', () => {
  assert.deepEqual(searchLimitProblems(parseResolvConf(fixtureText('gke-pod-resolv.conf')).search), []);
});

test('32 search paths (the kubelet\'s own limit) are too many for musl and old glibc', () => {
  const r = computePodResolvConf({
    pod: loadPod('pod-many-searches.yaml'),
    kubelet: { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local' },
    nodeResolvConf: fixtureText('eks-node-resolv.conf'),
  });
  const problems = searchLimitProblems(r.conf.search);
  assert.deepEqual(problems.map((p) => p.resolver), ['musl', 'glibc<2.26']);
  assert.equal(problems[0]?.dropped.length, 32);
  assert.deepEqual(problems[1]?.dropped.slice(0, 2), ['a3.corp.example.com', 'a4.corp.example.com']);
  assert.equal(problems[1]?.dropped.length, 26);
  // The same file read by musl: the search line is gone.
  assert.deepEqual(parseResolvConf(r.text, 'musl').search, []);
});

test('old glibc: the character limit bites before the domain count', () => {
  const search = ['default.svc.cluster.local', `${'x'.repeat(120)}.example.com`, `${'y'.repeat(120)}.example.com`];
  const problems = searchLimitProblems(search);
  assert.deepEqual(problems.find((p) => p.resolver === 'glibc<2.26')?.dropped, [search[2]]);
});

test('empty search list: nothing to report', () => {
  assert.deepEqual(searchLimitProblems([]), []);
});
