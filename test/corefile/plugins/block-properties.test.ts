/**
 * Block properties of the plugins without their own parser (src/corefile/plugins/block-properties.ts),
 * and ready/local, as setup_test-style tables. Each version-dependent case was run against the real
 * CoreDNS 1.14.3 and 1.15.0 (test/fixtures/corefiles/variants/unknown-property-*, since-1.15-*).
 */
import { parseBlockProperties } from '../../../src/corefile/plugins/block-properties.ts';
import { parseLocal, parseReady } from '../../../src/corefile/plugins/simple.ts';
import { runSetupTable } from './table.ts';

runSetupTable('dnssec', parseBlockProperties('dnssec'), [
  { input: 'dnssec {\n  key file Kexample.org\n  cache_capacity 1000\n}', shouldErr: false, version: '1.15.0' },
  { input: 'dnssec {\n  keys file Kexample.org\n}', shouldErr: true, codes: ['unknown-property'], at: [2, 3], version: '1.15.0' },
]);

runSetupTable('dnstap', parseBlockProperties('dnstap'), [
  // 1.14.3's setup.go has no default case: an unknown property is skipped; 1.15.0 refuses it.
  { input: 'dnstap /tmp/dnstap.sock {\n  no_such_property 1\n}', shouldErr: false, version: '1.14.3' },
  { input: 'dnstap /tmp/dnstap.sock {\n  no_such_property 1\n}', shouldErr: true, codes: ['unknown-property'], version: '1.15.0' },
  { input: 'dnstap /tmp/dnstap.sock full {\n  identity coredns-1\n}', shouldErr: false, version: '1.15.0' },
]);

runSetupTable('header', parseBlockProperties('header'), [
  { input: 'header {\n  response set ra\n}', shouldErr: false, version: '1.15.0' },
  { input: 'header {\n  RESPONSE set ra\n}', shouldErr: false, version: '1.15.0' },
  // The selector-less syntax of old README revisions: "invalid selector=set should be query or response".
  { input: 'header {\n  set ra aa\n}', shouldErr: true, codes: ['unknown-property'], version: '1.15.0' },
  { input: 'header', shouldErr: true, codes: ['arg-count'], version: '1.15.0' },
]);

runSetupTable('acl', parseBlockProperties('acl'), [
  { input: 'acl {\n  allow net 10.0.0.0/8\n  block\n}', shouldErr: false, version: '1.15.0' },
  { input: 'acl {\n  deny net 10.0.0.0/8\n}', shouldErr: true, codes: ['unknown-property'], version: '1.15.0' },
]);

runSetupTable('transfer', parseBlockProperties('transfer'), [
  { input: 'transfer example.org {\n  to *\n}', shouldErr: false, version: '1.14.3' },
  { input: 'transfer example.org {\n  to *\n  source 10.0.0.1\n}', shouldErr: true, codes: ['unknown-property'], version: '1.14.3' },
  { input: 'transfer example.org {\n  to *\n  source 10.0.0.1\n}', shouldErr: false, version: '1.15.0' },
]);

runSetupTable('ready', parseReady, [
  { input: 'ready {\n  monitor continuously\n}', shouldErr: false, version: '1.14.3' },
  { input: 'ready {\n  monitor sometimes\n}', shouldErr: true, codes: ['bad-value'], version: '1.15.0' },
  { input: 'ready {\n  no_such_property\n}', shouldErr: false, version: '1.14.3' },
  { input: 'ready {\n  no_such_property\n}', shouldErr: true, codes: ['unknown-property'], version: '1.15.0' },
]);

runSetupTable('local', parseLocal, [
  // 1.14.3's setup reads nothing; 1.15.0 parses the line and its block.
  { input: 'local foo', shouldErr: false, version: '1.14.3' },
  { input: 'local foo', shouldErr: true, codes: ['arg-count'], version: '1.15.0' },
  { input: 'local {\n  localhost_prefix off\n}', shouldErr: false, version: '1.15.0' },
  { input: 'local {\n  localhost_prefix maybe\n}', shouldErr: true, codes: ['bad-value'], version: '1.15.0' },
]);
