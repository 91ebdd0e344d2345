// kubectl's -o jsonpath= and -o custom-columns= template layer over jsonpath-plus (issue 16.2).
// Expected outputs are what kubectl 1.3x prints for the same template on the same document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCustomColumns, renderCustomColumns, renderJsonPath, TemplateError } from '../../src/render/kubectl-template.ts';

const doc = {
  zone: 'cluster.local.',
  records: [
    { name: 'web.shop.svc.cluster.local.', type: 'A', ttl: 30, data: '10.96.12.7', source: 'Service shop/web' },
    { name: '_http._tcp.web.shop.svc.cluster.local.', type: 'SRV', ttl: 30, data: '0 100 80 web.shop.svc.cluster.local.', source: 'Service shop/web' },
  ],
};

test('jsonpath: paths print their results joined by a space, text as is, no newline added', () => {
  assert.equal(renderJsonPath('{.records[*].name}', doc), 'web.shop.svc.cluster.local. _http._tcp.web.shop.svc.cluster.local.');
  assert.equal(renderJsonPath('zone={.zone}', doc), 'zone=cluster.local.');
  assert.equal(renderJsonPath('{$.zone}', doc), 'cluster.local.');
  assert.equal(renderJsonPath("{.records[0]['type']}", doc), 'A');
  assert.equal(renderJsonPath('{.records[*].ttl}', doc), '30 30');
});

test('jsonpath: range/end with quoted literals, as kubectl documents it', () => {
  assert.equal(
    renderJsonPath('{range .records[*]}{.name}{"\\t"}{.data}{"\\n"}{end}', doc),
    'web.shop.svc.cluster.local.\t10.96.12.7\n_http._tcp.web.shop.svc.cluster.local.\t0 100 80 web.shop.svc.cluster.local.\n',
  );
  assert.equal(renderJsonPath('{range .records[*]}[{@.type}]{end}', doc), '[A][SRV]');
});

test('jsonpath: filters, objects as JSON, a missing key prints nothing', () => {
  assert.equal(renderJsonPath('{.records[?(@.type=="SRV")].data}', doc), '0 100 80 web.shop.svc.cluster.local.');
  assert.equal(renderJsonPath('{.records[0].nope}', doc), '');
  assert.equal(renderJsonPath('{.records[0]}', { records: [{ a: 1 }] }), '{"a":1}');
});

test('jsonpath: malformed templates are errors that say why', () => {
  assert.throws(() => renderJsonPath('{.zone', doc), TemplateError);
  assert.throws(() => renderJsonPath('{range .records[*]}{.name}', doc), /without \{end\}/);
  assert.throws(() => renderJsonPath('{end}', doc), /without \{range/);
  assert.throws(() => renderJsonPath('{zone}', doc), /unrecognized identifier zone/);
});

test('custom-columns: kubectl tabwriter layout (padding 3, minimum 6), <none> for a missing value, --no-headers', () => {
  assert.equal(
    renderCustomColumns('NAME:.name,T:.type,X:.nope', doc.records),
    'NAME                                     T     X\n' +
      'web.shop.svc.cluster.local.              A     <none>\n' +
      '_http._tcp.web.shop.svc.cluster.local.   SRV   <none>\n',
  );
  assert.equal(renderCustomColumns('TYPE:{.type}', doc.records, { noHeaders: true }), 'A\nSRV\n');
  assert.deepEqual(parseCustomColumns('NAME:.name'), [{ header: 'NAME', path: '$.name' }]);
  assert.throws(() => parseCustomColumns('NAME'), /expected <header>:<json-path-expr>/);
});
