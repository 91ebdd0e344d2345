// deploy/rbac.yaml: read-only, covers every resource the cluster layer reads, never Secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { ALL_KINDS, KINDS } from '../../src/model/kinds.ts';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
type Role = { kind: string; metadata: { name: string; namespace?: string }; rules: Rule[] };
const docs = yaml.loadAll(readFileSync(new URL('../../deploy/rbac.yaml', import.meta.url), 'utf8')).filter(Boolean) as Role[];
const allows = (roles: Role[], group: string, resource: string, verb: string): boolean =>
  roles.some((r) => r.rules.some((x) => x.apiGroups.includes(group) && x.resources.includes(resource) && x.verbs.includes(verb)));

test('every kind the tool reads is get+list in the read roles', () => {
  const read = docs.filter((d) => d.metadata.name.startsWith('kubectl-dns-read'));
  for (const kind of ALL_KINDS) {
    const k = KINDS[kind];
    for (const verb of ['get', 'list']) assert.ok(allows(read, k.group, k.plural, verb), `${verb} ${k.plural}`);
  }
});

test('ConfigMaps only in kube-system (a Role), never cluster-wide', () => {
  const cm = docs.filter((d) => d.rules.some((r) => r.resources.includes('configmaps')));
  assert.deepEqual(cm.map((d) => [d.kind, d.metadata.namespace]), [['Role', 'kube-system']]);
});

test('no Secrets, no wildcards, and the only write is the opt-in ephemeral-container patch', () => {
  const writes = new Set(['create', 'update', 'patch', 'delete', 'deletecollection', '*']);
  for (const d of docs) {
    for (const r of d.rules) {
      assert.ok(!r.resources.includes('secrets') && !r.resources.includes('*'), d.metadata.name);
      for (const v of r.verbs.filter((x) => writes.has(x))) {
        const upgrade = v === 'create' && r.resources.every((x) => x === 'pods/exec' || x === 'pods/portforward');
        const optIn = v === 'patch' && d.metadata.name === 'kubectl-dns-debug-container';
        assert.ok(upgrade || optIn, `${d.metadata.name}: ${v} ${r.resources.join(',')}`);
      }
    }
  }
});

test('exec and port-forward grant get and create (WebSocket upgrades since 1.35)', () => {
  assert.ok(allows(docs, '', 'pods/exec', 'get') && allows(docs, '', 'pods/exec', 'create'));
  assert.ok(allows(docs, '', 'pods/portforward', 'get') && allows(docs, '', 'pods/portforward', 'create'));
  assert.ok(allows(docs, '', 'nodes/proxy', 'get'));
});

test('the opt-in debug role grants only patch on pods/ephemeralcontainers, and no read role does', () => {
  const debug = docs.filter((d) => d.metadata.name === 'kubectl-dns-debug-container');
  assert.equal(debug.length, 1);
  assert.deepEqual(debug[0]!.rules, [{ apiGroups: [''], resources: ['pods/ephemeralcontainers'], verbs: ['patch'] }]);
  const others = docs.filter((d) => d.metadata.name !== 'kubectl-dns-debug-container');
  assert.ok(!allows(others, '', 'pods/ephemeralcontainers', 'patch'));
  assert.ok(!allows(others, '', 'pods', 'patch'));
});
