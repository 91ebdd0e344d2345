import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubernetesOptions, parseKubernetes } from '../../../src/corefile/plugins/kubernetes.ts';
import { directive } from './directive.ts';
import { runSetupTable } from './table.ts';

// Cases carry the meaning of plugin/kubernetes/setup_test.go and setup_ttl_test.go.
runSetupTable('kubernetes', parseKubernetes, [
  { input: 'kubernetes', shouldErr: false, expected: { zones: ['cluster.local.'], podsMode: 'disabled', ttl: 5 } },
  { input: 'kubernetes coredns.local', shouldErr: false, expected: { zones: ['coredns.local.'] } },
  { input: 'kubernetes coredns.local test.local', shouldErr: false, expected: { zones: ['coredns.local.', 'test.local.'] } },
  { input: 'kubernetes cluster.local 10.0.0.0/24 ip6.arpa', shouldErr: false, expected: { zones: ['cluster.local.', '0.0.10.in-addr.arpa.', 'ip6.arpa.'] } },
  { input: 'kubernetes in-addr.arpa ip6.arpa', shouldErr: true, codes: ['bad-value'], zones: ['in-addr.arpa.'] },
  // The kubeadm default Corefile.
  {
    input: 'kubernetes cluster.local in-addr.arpa ip6.arpa {\n   pods insecure\n   fallthrough in-addr.arpa ip6.arpa\n   ttl 30\n}',
    shouldErr: false,
    codes: [],
    expected: { podsMode: 'insecure', fallthrough: ['in-addr.arpa.', 'ip6.arpa.'], ttl: 30 },
  },
  { input: 'kubernetes {\n pods verified\n}', shouldErr: false, expected: { podsMode: 'verified' } },
  { input: 'kubernetes {\n pods giant\n}', shouldErr: true, codes: ['bad-value'], at: [2, 7] },
  { input: 'kubernetes {\n pods\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n pods insecure verified\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n namespaces demo\n}', shouldErr: false, expected: { namespaces: ['demo'] } },
  { input: 'kubernetes {\n namespaces\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n labels environment in (production, staging),application=nginx\n}', shouldErr: false, expected: { labels: 'environment in (production, staging),application=nginx' } },
  { input: 'kubernetes {\n labels environment in (production\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'kubernetes {\n namespace_labels istio-injection=enabled\n}', shouldErr: false, expected: { namespaceLabels: 'istio-injection=enabled' } },
  { input: 'kubernetes {\n namespaces demo\n namespace_labels istio-injection=enabled\n}', shouldErr: true, codes: ['conflicting-options'] },
  { input: 'kubernetes {\n endpoint http://localhost:9735\n}', shouldErr: false },
  { input: 'kubernetes {\n endpoint http://localhost:9735 http://localhost:9736\n}', shouldErr: false, codes: ['deprecated-option'] },
  { input: 'kubernetes {\n endpoint\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n tls cert key cacert\n}', shouldErr: false },
  { input: 'kubernetes {\n tls cert key\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n kubeconfig file\n}', shouldErr: false },
  { input: 'kubernetes {\n kubeconfig file context\n}', shouldErr: false },
  { input: 'kubernetes {\n kubeconfig\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n kubeconfig a b c\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n endpoint_pod_names\n}', shouldErr: false, expected: { endpointPodNames: true } },
  { input: 'kubernetes {\n endpoint_pod_names yes\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n fallthrough\n}', shouldErr: false, expected: { fallthrough: [] } },
  { input: 'kubernetes {\n ttl 0\n}', shouldErr: false, expected: { ttl: 0 } },
  { input: 'kubernetes {\n ttl 3600\n}', shouldErr: false, expected: { ttl: 3600 } },
  { input: 'kubernetes {\n ttl 3601\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'kubernetes {\n ttl -1\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'kubernetes {\n ttl 5s\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'kubernetes {\n ttl\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n noendpoints\n}', shouldErr: false, expected: { noEndpoints: true } },
  { input: 'kubernetes {\n noendpoints now\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'kubernetes {\n ignore empty_service\n}', shouldErr: false, expected: { ignoreEmptyService: true } },
  { input: 'kubernetes {\n ignore emptyservice\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'kubernetes {\n ignore\n}', shouldErr: false, expected: { ignoreEmptyService: false } },
  { input: 'kubernetes {\n multicluster clusterset.local\n}', shouldErr: false, expected: { multicluster: ['clusterset.local.'] } },
  { input: 'kubernetes {\n startup_timeout 10s\n}', shouldErr: false },
  { input: 'kubernetes {\n startup_timeout ten\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'kubernetes {\n apiserver_qps 50\n apiserver_burst 100\n apiserver_max_inflight 10\n}', shouldErr: false, version: '1.14.2' },
  { input: 'kubernetes {\n apiserver_qps 50\n}', shouldErr: true, codes: ['unknown-property'], version: '1.12.1' },
  { input: 'kubernetes {\n giant_cluster\n}', shouldErr: true, codes: ['unknown-property'], at: [2, 2] },
  // Removed options: CoreDNS 1.7+ refuses them; older releases warn.
  { input: 'kubernetes cluster.local {\n upstream\n}', shouldErr: true, codes: ['removed-option'], version: '1.8.6' },
  { input: 'kubernetes cluster.local {\n upstream /etc/resolv.conf\n}', shouldErr: false, codes: ['deprecated-option'], version: '1.6.7' },
  { input: 'kubernetes cluster.local {\n upstream\n}', shouldErr: false, codes: [], version: '1.4.0' },
  { input: 'kubernetes {\n resyncperiod 10m\n}', shouldErr: true, codes: ['removed-option'] },
  { input: 'kubernetes {\n transfer to *\n}', shouldErr: true, codes: ['removed-option'], version: '1.8.0' },
  { input: 'kubernetes {\n transfer to *\n}', shouldErr: false, codes: [], version: '1.7.1' },
]);

test('removed option problems carry structured lifecycle data', () => {
  const r = parseKubernetes(directive('kubernetes cluster.local {\n  upstream\n}'), { serverZones: [], corednsVersion: '1.12.0' });
  const p = r.problems[0]!;
  assert.equal(p.removedIn, '1.7.0');
  assert.equal(p.deprecatedIn, '1.5.0');
  assert.equal(p.severity, 'error');
  assert.deepEqual([p.token.line, p.token.column], [2, 3]);
  assert.ok(p.hint);
});

test('kubernetesOptions keeps the valid lines of a block that has a bad one', () => {
  const o = kubernetesOptions(directive('kubernetes cluster.local {\n pods insecure\n ttl 99999\n}'), ['.']);
  assert.equal(o.podsMode, 'insecure');
  assert.equal(o.ttl, 5);
  assert.deepEqual(o.zones, ['cluster.local.']);
});

test('kubernetesOptions takes zones from the server block when the line has none', () => {
  assert.deepEqual(kubernetesOptions(directive('kubernetes'), ['example.org.']).zones, ['example.org.']);
});
