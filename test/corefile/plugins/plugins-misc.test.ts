// Setup tables for the smaller specs: hosts, rewrite, template, file, k8s_external, autopath and simple.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostsConfig, parseHosts } from '../../../src/corefile/plugins/hosts.ts';
import { parseRewrite, rewriteRules } from '../../../src/corefile/plugins/rewrite.ts';
import { parseTemplate } from '../../../src/corefile/plugins/template.ts';
import { parseFile } from '../../../src/corefile/plugins/file.ts';
import { parseK8sExternal } from '../../../src/corefile/plugins/k8s-external.ts';
import { parseAutopath } from '../../../src/corefile/plugins/autopath.ts';
import { parseAddressOnly, parseBind, parseErrors, parseHealth, parseLoadbalance, parseLog, parseNoArgs, parsePrometheus, parseReload } from '../../../src/corefile/plugins/simple.ts';
import { directive } from './directive.ts';
import { runSetupTable } from './table.ts';

runSetupTable('hosts', parseHosts, [
  { input: 'hosts', shouldErr: false, expected: { file: '/etc/hosts', entries: [] } },
  { input: 'hosts /etc/coredns/customdomains.db example.org', shouldErr: false, expected: { zones: ['example.org.'] } },
  { input: 'hosts {\n  10.0.0.1 example.org\n  fallthrough\n}', shouldErr: false, expected: { entries: [{ address: '10.0.0.1', names: ['example.org.'] }], fallthrough: [] } },
  { input: 'hosts {\n  ttl 60\n  no_reverse\n  reload 0\n}', shouldErr: false, expected: { ttl: 60, noReverse: true, reloadMs: 0 } },
  { input: 'hosts {\n  ttl 0\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'hosts {\n  reload forever\n}', shouldErr: true, codes: ['bad-value'] },
  // Name first: hostsfile skips the line; CoreDNS 1.15.0 starts (a warning, not an error).
  { input: 'hosts {\n  example.org 10.0.0.1\n}', shouldErr: false, codes: ['ignored-line'] },
  // An inline entry after fallthrough is read as a property: CoreDNS refuses "unknown property '10.0.0.1'".
  { input: 'hosts {\n  fallthrough\n  10.0.0.1 db.internal\n}', shouldErr: true, codes: ['unknown-property'] },
  // hosts README: wildcard names and fallthrough_unsupported.
  { input: 'hosts example.hosts example.com {\n  192.168.1.10 *.example.com\n  fallthrough example.com\n  fallthrough_unsupported\n}', shouldErr: false, expected: { fallthrough: ['example.com.'] }, version: '1.15.0' },
  { input: 'hosts example.hosts example.com {\n  192.168.1.10 *.example.com\n  fallthrough example.com\n  fallthrough_unsupported\n}', shouldErr: true, codes: ['unknown-property'], version: '1.14.3' },
  { input: 'hosts {\n  fallthrough\n  fallthrough_unsupported all\n}', shouldErr: true, codes: ['property-arg-count'], version: '1.15.0' },
]);

runSetupTable('rewrite', parseRewrite, [
  { input: 'rewrite name foo.example.com foo.default.svc.cluster.local', shouldErr: false, expected: { field: 'name', match: 'exact', mode: 'stop' } },
  { input: 'rewrite stop name regex (.*)\\.my\\.domain {1}.svc.cluster.local answer auto', shouldErr: false, expected: { match: 'regex', answer: { kind: 'auto' } } },
  { input: 'rewrite continue name suffix .corp .svc.cluster.local', shouldErr: false, expected: { mode: 'continue', match: 'suffix' } },
  { input: 'rewrite name regex (.*\\.corp {1}', shouldErr: true, codes: ['bad-value'] },
  { input: 'rewrite name foo', shouldErr: true, codes: ['arg-count'] },
  { input: 'rewrite hostname a b', shouldErr: true, codes: ['bad-value'] },
  { input: 'rewrite type ANY HINFO', shouldErr: false },
  { input: 'rewrite class IN XX', shouldErr: true, codes: ['bad-value'] },
  { input: 'rewrite ttl example.com. 30-60', shouldErr: false },
  { input: 'rewrite cname exact a.example. b.example.', shouldErr: false, version: '1.11.0' },
  { input: 'rewrite cname exact a.example. b.example.', shouldErr: true, version: '1.10.1', codes: ['unknown-property'] },
  { input: 'rewrite name exact a.example. b.example. answer value', shouldErr: true, codes: ['bad-value'] },
  // Several answer clauses (name.go parseAnswerRules): valid and common.
  { input: 'rewrite stop {\n  name regex (.*)\\.svc\\.example\\.org {1}.default.svc.cluster.local\n  answer name (.*)\\.default\\.svc\\.cluster\\.local {1}.svc.example.org\n  answer value (.*)\\.default\\.svc\\.cluster\\.local {1}.svc.example.org\n}', shouldErr: false },
  { input: 'rewrite name regex (.*)\\.a\\.org {1}.b.org answer name (.*)\\.b\\.org {1}.a.org value (.*)\\.b\\.org {1}.a.org', shouldErr: false },
  { input: 'rewrite name suffix .a.org .b.org answer auto answer name (.*)\\.b\\.org {1}.a.org', shouldErr: true, codes: ['bad-value'] },
  { input: 'rewrite name exact a.org b.org {\n  answer auto\n}', shouldErr: true, codes: ['bad-value'] },
  // README: a rule with fewer than two arguments is read from its block, lines joined.
  { input: 'rewrite stop {\n  name regex (.*)-(us-west-1)\\.coredns\\.rocks {1}.service.{2}.consul\n  answer name (.*)\\.service\\.(us-west-1)\\.consul {1}-{2}.coredns.rocks\n}', shouldErr: false, expected: { mode: 'stop', field: 'name', match: 'regex', answer: { kind: 'name', from: '(.*)\\.service\\.(us-west-1)\\.consul', to: '{1}-{2}.coredns.rocks' } } },
  { input: 'rewrite continue {\n  ttl regex (.*)\\.coredns\\.rocks 15\n}', shouldErr: false, expected: { mode: 'continue', field: 'ttl', match: 'regex', to: '15' } },
  { input: 'rewrite stop {\n  name regex (.*\\.corp {1}\n}', shouldErr: true, codes: ['bad-value'] },
  // kubespray's docs once wrote the mode after the field: CoreDNS reads 'stop' as the match type.
  { input: 'rewrite name stop website.tld website.namespace.svc.cluster.local', shouldErr: true, codes: ['bad-value'] },
  { input: 'rewrite name website.tld website.namespace.svc.cluster.local', shouldErr: false, expected: { match: 'exact' } },
  { input: 'rewrite Stop Name Suffix .corp. .svc.cluster.local.', shouldErr: false, expected: { mode: 'stop', field: 'name', match: 'suffix' } },
  // Go regexp syntax that JavaScript spells differently, and what RE2 refuses.
  { input: 'rewrite name regex ^(?P<host>[a-z]+)\\.corp\\.$ {host}.svc.cluster.local.', shouldErr: false },
  { input: 'rewrite name regex (?i)^FOO\\.example\\.$ foo.default.svc.cluster.local.', shouldErr: false },
  { input: 'rewrite name regex ^(a)\\1\\.example\\.$ b.example.', shouldErr: true, codes: ['bad-value'] },
  { input: 'rewrite name regex ^(?!www)(.*)\\.example\\.$ b.example.', shouldErr: true, codes: ['bad-value'] },
]);

test('rewriteRules keeps only rules that parse', () => {
  const rules = rewriteRules([directive('rewrite name a.example. b.example.'), directive('rewrite bogus x y')]);
  assert.deepEqual(rules.map((r) => [r.from, r.to]), [['a.example.', 'b.example.']]);
});

runSetupTable('template', parseTemplate, [
  { input: 'template IN A example.org {\n  match ^(.*)\\.example\\.org\\.$\n  answer "{{ .Name }} 60 IN A 10.0.0.1"\n  fallthrough\n}', shouldErr: false, expected: { qtype: 'A', zones: ['example.org.'], fallthrough: [] } },
  { input: 'template IN AAAA {\n  rcode NXDOMAIN\n}', shouldErr: false, expected: { rcode: 'NXDOMAIN', match: ['.*'] } },
  { input: 'template IN', shouldErr: true, codes: ['arg-count'] },
  { input: 'template XX A', shouldErr: true, codes: ['bad-value'] },
  { input: 'template IN A {\n  match ([a-z\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'template IN A {\n  rcode WHAT\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'template IN A {\n  respond 1.2.3.4\n}', shouldErr: true, codes: ['unknown-property'] },
  // template README: named groups are Go's (?P<name>...).
  { input: 'template IN A example {\n  match (^|[.])ip-(?P<a>[0-9]*)-(?P<b>[0-9]*)[.]example[.]$\n  answer "{{ .Name }} 60 IN A 10.0.{{ .Group.a }}.{{ .Group.b }}"\n}', shouldErr: false },
  { input: 'template IN A {\n  match ^[[:alpha:]]+\\.example\\.\\z\n}', shouldErr: false },
  { input: 'template ANY ANY invalid {\n  rcode NXDOMAIN\n  ederror 21 "Blocked according to RFC2606"\n}', shouldErr: false, expected: { rcode: 'NXDOMAIN' } },
  { input: 'template ANY ANY invalid {\n  ederror 21\n}', shouldErr: true, version: '1.10.0', codes: ['unknown-property'] },
  { input: 'template ANY ANY invalid {\n  ederror blocked\n}', shouldErr: true, codes: ['bad-value'] },
]);

runSetupTable('file', parseFile, [
  { input: 'file db.example.org example.org', shouldErr: false, expected: { dbfile: 'db.example.org', zones: ['example.org.'] } },
  { input: 'file db.example.org {\n  reload 30s\n}', shouldErr: false, expected: { reloadMs: 30_000 } },
  { input: 'file', shouldErr: true, codes: ['arg-count'] },
  { input: 'file db.example.org {\n  transfer to *\n}', shouldErr: true, codes: ['removed-option'], version: '1.8.0' },
  { input: 'file db.example.org {\n  upstream\n}', shouldErr: false, codes: ['deprecated-option'] },
]);

runSetupTable('k8s_external', parseK8sExternal, [
  { input: 'k8s_external example.com', shouldErr: false, expected: { zones: ['example.com.'], apex: 'dns', ttl: 5 } },
  { input: 'k8s_external example.com {\n  apex zone\n  ttl 30\n  headless\n}', shouldErr: false, expected: { apex: 'zone', ttl: 30, headless: true } },
  { input: 'k8s_external example.com {\n  ttl 7200\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'k8s_external example.com {\n  fallthrough\n}', shouldErr: true, version: '1.10.1', codes: ['unknown-property'] },
  { input: 'k8s_external example.com {\n  fallthrough\n}', shouldErr: false, version: '1.11.0', expected: { fallthrough: [] } },
]);

runSetupTable('autopath', parseAutopath, [
  { input: 'autopath @kubernetes', shouldErr: false, expected: { plugin: 'kubernetes', zones: ['cluster.local.'] } },
  { input: 'autopath example.org /etc/resolv.conf', shouldErr: false, expected: { resolvConf: '/etc/resolv.conf', zones: ['example.org.'] } },
  { input: 'autopath', shouldErr: true, codes: ['arg-count'] },
  { input: 'autopath @etcd', shouldErr: true, codes: ['bad-value'] },
]);

runSetupTable('health', parseHealth, [
  { input: 'health', shouldErr: false },
  { input: 'health :8080 {\n  lameduck 5s\n}', shouldErr: false, expected: { address: ':8080', lameduckMs: 5000 } },
  { input: 'health :8080 {\n  lameduck five\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'health 8080', shouldErr: true, codes: ['bad-value'] },
  { input: 'health :8080 :8081', shouldErr: true, codes: ['arg-count'] },
]);

runSetupTable('prometheus', parsePrometheus, [
  { input: 'prometheus :9153', shouldErr: false, expected: { address: ':9153' } },
  { input: 'prometheus 0.0.0.0:9153 extra', shouldErr: true, codes: ['arg-count'] },
  // metrics README: metrics over HTTPS, and the Go runtime metrics.
  { input: 'prometheus {\n  tls /etc/coredns/web-config.yml\n}', shouldErr: false },
  { input: 'prometheus :9153 {\n  runtime_metrics\n}', shouldErr: false, expected: { address: ':9153' } },
  { input: 'prometheus {\n  tls\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'prometheus {\n  path /metrics\n}', shouldErr: true, codes: ['unknown-property'] },
]);

runSetupTable('ready', (d) => parseAddressOnly(d), [
  { input: 'ready :8181', shouldErr: false, expected: { address: ':8181' } },
  { input: 'ready {\n  x\n}', shouldErr: true, codes: ['arg-count'] },
]);

runSetupTable('errors', parseErrors, [
  { input: 'errors', shouldErr: false },
  { input: 'errors {\n  consolidate 5m ".* i/o timeout$" warning\n}', shouldErr: false },
  { input: 'errors {\n  consolidate 5m ".* i/o timeout$" warning show_first\n}', shouldErr: false },
  { input: 'errors {\n  consolidate 30s "^Failed to .+" show_first\n}', shouldErr: false },
  { input: 'errors {\n  consolidate 30s "^(?P<op>read|write) udp"\n}', shouldErr: false },
  { input: 'errors {\n  consolidate 5m\n}', shouldErr: true, codes: ['property-arg-count'] },
  { input: 'errors {\n  consolidate 5m ".*" loud\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'errors stdout', shouldErr: true, codes: ['arg-count'] },
]);

runSetupTable('log', parseLog, [
  { input: 'log', shouldErr: false },
  { input: 'log . "{remote} - {>id} {type}"', shouldErr: false },
  { input: 'log {\n  class denial error\n}', shouldErr: false, expected: { classes: ['denial', 'error'] } },
  { input: 'log {\n  class verbose\n}', shouldErr: true, codes: ['bad-value'] },
  // minDuration: in some README revisions, in neither 1.14.3's nor 1.15.0's setup.go (CoreDNS refuses it).
  { input: 'log . {\n  class error\n  minDuration 1s\n}', shouldErr: true, codes: ['unknown-property'] },
]);

runSetupTable('reload', (d) => parseReload(d), [
  { input: 'reload', shouldErr: false, expected: { intervalMs: 30_000, jitterMs: 15_000 } },
  { input: 'reload 10s 2s', shouldErr: false, expected: { intervalMs: 10_000, jitterMs: 2000 } },
  { input: 'reload 1s', shouldErr: true, codes: ['bad-value'] },
  { input: 'reload 10s 6s', shouldErr: true, codes: ['bad-value'] },
]);

runSetupTable('loadbalance', parseLoadbalance, [
  { input: 'loadbalance', shouldErr: false },
  { input: 'loadbalance round_robin', shouldErr: false },
  { input: 'loadbalance weighted /etc/weights {\n  reload 10s\n}', shouldErr: false },
  { input: 'loadbalance random', shouldErr: true, codes: ['bad-value'] },
  // limit_answers: in some README revisions, not in 1.14.3's or 1.15.0's setup.go (CoreDNS refuses it).
  { input: 'loadbalance round_robin {\n  limit_answers 5\n}', shouldErr: true, codes: ['unknown-property'] },
  { input: 'loadbalance {\n  prefer 10.0.0.0/8 fd00::/8\n}', shouldErr: false },
  { input: 'loadbalance round_robin {\n  reload 10s\n}', shouldErr: true, codes: ['unknown-property'] },
  { input: 'loadbalance round_robin extra', shouldErr: true, codes: ['arg-count'] },
  { input: 'loadbalance weighted /etc/w1 /etc/w2', shouldErr: true, codes: ['arg-count'] },
  { input: 'loadbalance {\n  prefer 10.0.0.0\n}', shouldErr: true, codes: ['bad-value'] },
]);

runSetupTable('bind', parseBind, [
  { input: 'bind 127.0.0.1 lo', shouldErr: false },
  { input: 'bind eth0 {\n  except 10.0.0.1\n}', shouldErr: false, expected: { except: ['10.0.0.1'] } },
  // bind README: except takes addresses or interface names.
  { input: 'bind lo eth0 {\n  except eth0 ::1\n}', shouldErr: false, expected: { except: ['eth0', '::1'] } },
  { input: 'bind lo {\n  except "not an interface"\n}', shouldErr: true, codes: ['bad-value'] },
  { input: 'bind', shouldErr: true, codes: ['arg-count'] },
]);

runSetupTable('loop', (d) => parseNoArgs(d), [
  { input: 'loop', shouldErr: false },
  { input: 'loop 5', shouldErr: true, codes: ['arg-count'] },
]);

test('hostsConfig exposes inline entries for answer prediction', () => {
  const c = hostsConfig(directive('hosts {\n  192.168.1.5 db.internal DB2.internal\n  fallthrough\n}'));
  assert.deepEqual(c.entries, [{ address: '192.168.1.5', names: ['db.internal.', 'db2.internal.'] }]);
});
