import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPluginSpecs, getPluginSpec, PLUGIN_ORDER } from '../../../src/corefile/plugins/index.ts';
import { directive } from './directive.ts';

test('chain order follows plugin.cfg: kubernetes before forward, cache before kubernetes', () => {
  const at = (n: string) => getPluginSpec(n)!.order;
  assert.ok(at('cache') < at('kubernetes'));
  assert.ok(at('kubernetes') < at('forward'));
  assert.ok(at('hosts') < at('kubernetes'));
  assert.ok(at('k8s_external') < at('kubernetes'));
  assert.ok(at('rewrite') < at('acl'), 'rewrite runs before acl since 1.14.2');
  assert.equal(PLUGIN_ORDER.length, new Set(PLUGIN_ORDER).size);
});

test('removed plugins carry structured lifecycle data', () => {
  assert.deepEqual(
    ['proxy', 'federation'].map((n) => { const s = getPluginSpec(n)!; return [s.removedIn, s.replacedBy]; }),
    [['1.5.0', ['forward']], ['1.7.0', undefined]],
  );
  assert.equal(PLUGIN_ORDER.includes('proxy'), false);
});

test('unknown names have no spec', () => {
  assert.equal(getPluginSpec('kubernets'), undefined);
  assert.equal(getPluginSpec('import'), undefined);
});

test('once marks the plugins whose setup refuses a second use (plugin.ErrOnce in 1.14.3/1.15.0 setup.go)', () => {
  for (const n of ['kubernetes', 'cache', 'ready', 'prometheus', 'errors', 'loop', 'hosts', 'grpc', 'tsig', 'view', 'dnssec', 'nsid', 'pprof']) assert.equal(getPluginSpec(n)!.once, true, n);
  // health, reload, chaos, etcd and k8s_external twice: CoreDNS 1.15.0 starts (variants/twice-*.Corefile).
  for (const n of ['forward', 'log', 'rewrite', 'template', 'file', 'health', 'reload', 'chaos', 'etcd', 'k8s_external']) assert.equal(getPluginSpec(n)!.once, false, n);
});

test('every spec with a parser accepts its plugin in the kubeadm Corefile', () => {
  const lines = ['errors', 'health {\n lameduck 5s\n}', 'ready', 'kubernetes cluster.local in-addr.arpa ip6.arpa {\n pods insecure\n fallthrough in-addr.arpa ip6.arpa\n ttl 30\n}', 'prometheus :9153', 'forward . /etc/resolv.conf {\n max_concurrent 1000\n}', 'cache 30', 'loop', 'reload', 'loadbalance'];
  for (const text of lines) {
    const d = directive(text);
    const spec = getPluginSpec(d.name.text)!;
    const r = spec.parse!(d, { serverZones: ['.'], corednsVersion: '1.11.3' });
    assert.deepEqual(r.problems, [], text);
    assert.ok(r.config, text);
  }
  assert.ok(allPluginSpecs().length > PLUGIN_ORDER.length);
});
