// Tests src/corefile/coredns-versions.ts (the CoreDNS release table the plugin specs and lint rules read).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changesBetween, compareVersions, COREDNS_RELEASES, kubeadmCorednsVersion, NEWEST_COREDNS, parseVersion } from '../../src/corefile/coredns-versions.ts';

test('compareVersions orders numerically, not as text', () => {
  assert.ok(compareVersions('1.10.1', '1.9.3') > 0);
  assert.ok(compareVersions('v1.8.6', '1.8.7') < 0);
  assert.equal(compareVersions('1.12', '1.12.0'), 0);
  assert.equal(compareVersions('CoreDNS-1.11.1', '1.11.1'), 0);
  assert.equal(compareVersions('1.12.3-eksbuild.1', '1.12.3'), 0);
  assert.ok(compareVersions('garbage', '1.0.0') < 0);
  assert.equal(parseVersion('latest'), undefined);
});

test('releases are sorted and end with NEWEST_COREDNS', () => {
  for (let i = 1; i < COREDNS_RELEASES.length; i++) assert.ok(compareVersions(COREDNS_RELEASES[i - 1]!, COREDNS_RELEASES[i]!) < 0);
  assert.equal(COREDNS_RELEASES.at(-1), NEWEST_COREDNS);
});

test('kubeadm CoreDNS per Kubernetes minor', () => {
  assert.equal(kubeadmCorednsVersion('v1.28.3'), '1.10.1');
  assert.equal(kubeadmCorednsVersion('1.19'), '1.7.0');
  assert.equal(kubeadmCorednsVersion('v2.0.0'), undefined);
});

test('changesBetween lists the upgrade breakers from 1.6.7 to 1.8.0', () => {
  const c = changesBetween('1.6.7', '1.8.0').map((x) => `${x.plugin}/${x.option ?? ''}/${x.kind}`);
  assert.ok(c.includes('kubernetes/upstream/option-removed'));
  assert.ok(c.includes('federation//plugin-removed'));
  assert.ok(c.includes('kubernetes/transfer/option-removed'));
  assert.ok(!c.some((x) => x.startsWith('proxy/')));
});
