/**
 * CheckTester: the doctor twin of the lint RuleTester and explain's FindingTester. Per check, a
 * table of cases; each case is a whole DoctorInputs (the kubeadm fixture as `kubectl get -o yaml`
 * prints it, plus small real-world edits) run through runChecks, so a case proves the check's line
 * in the real report. Before running anything it rejects an id not in the registry, a table
 * without an ok case and a warn/fail case, and duplicate case names.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { CHECKS } from '../../src/doctor/checks/index.ts';
import { runChecks, type DoctorCheckResult } from '../../src/doctor/run.ts';
import type { CheckStatus } from '../../src/doctor/check.ts';
import type { DoctorInputs } from '../../src/doctor/facts.ts';
import { toClusterView } from '../../src/cluster/trim.ts';
import type { KubeletDnsConfig } from '../../src/model/view.ts';
import { fixturePath } from '../harness/fixtures.ts';

export type Obj = Record<string, any>;

export interface CheckCase {
  /** The real-world situation, in a few words; also the test name. */
  name: string;
  inputs: DoctorInputs;
  status: CheckStatus;
  /** Patterns the evidence (joined by newlines) must contain. */
  evidence?: (string | RegExp)[];
  /** Patterns the hint must contain. */
  hint?: (string | RegExp)[];
}

/** The kubeadm fixture's objects, freshly parsed (safe to edit). */
export function kubeadmItems(): Obj[] {
  return (yaml.load(readFileSync(fixturePath('kubeadm'), 'utf8')) as { items: Obj[] }).items;
}

/** YAML of one or more objects (`---`-separated), as kubectl prints them. */
export function objects(text: string): Obj[] {
  return yaml.loadAll(text).filter(Boolean) as Obj[];
}

export function find(items: Obj[], kind: string, name: string, namespace?: string): Obj {
  const o = items.find((x) => x['kind'] === kind && x['metadata']?.name === name && (namespace === undefined || x['metadata']?.namespace === namespace));
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

/** Every kubelet of the kubeadm fixture as kubeadm configures it. */
export const KUBEADM_KUBELET: Record<string, KubeletDnsConfig> = {
  'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
  'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
};

export interface ClusterOptions {
  /** Edits the raw objects before they are trimmed. */
  edit?: (items: Obj[]) => void;
  /** Objects to add (YAML as kubectl prints them). */
  add?: string;
  kubelet?: Record<string, KubeletDnsConfig>;
  logs?: Record<string, string>;
  live?: boolean;
}

/** A DoctorInputs from the kubeadm fixture with edits. */
export function cluster(o: ClusterOptions = {}): DoctorInputs {
  const items = kubeadmItems();
  o.edit?.(items);
  if (o.add) items.push(...objects(o.add));
  const { view } = toClusterView(items, 'test', { kubelet: o.kubelet ?? {} });
  const inputs: DoctorInputs = { view, live: o.live ?? o.logs !== undefined };
  if (o.logs) {
    inputs.logs = o.logs;
    inputs.logTailLines = 1000;
  } else inputs.logsUnread = 'offline: a snapshot holds no logs';
  if (!o.kubelet) inputs.kubeletUnread = 'offline: no kubelet section';
  return inputs;
}

/** Problems with a case table (empty = well-formed). Pure. */
export function tableProblems(id: string, cases: readonly CheckCase[]): string[] {
  const problems: string[] = [];
  if (!CHECKS.some((c) => c.meta.id === id)) problems.push(`unknown check id ${id}`);
  if (!cases.some((c) => c.status === 'ok')) problems.push(`${id}: no ok case (a check that cannot pass proves nothing)`);
  if (!cases.some((c) => c.status === 'warn' || c.status === 'fail')) problems.push(`${id}: no warn or fail case`);
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) problems.push(`${id}: duplicate case "${c.name}"`);
    names.add(c.name);
  }
  return problems;
}

export function resultOf(id: string, inputs: DoctorInputs): DoctorCheckResult {
  const check = CHECKS.find((c) => c.meta.id === id);
  if (!check) throw new Error(`unknown check ${id}`);
  return runChecks(inputs, [check]).checks[0]!;
}

function matches(text: string, p: string | RegExp): boolean {
  return typeof p === 'string' ? text.includes(p) : p.test(text);
}

export function testCheck(id: string, cases: CheckCase[]): void {
  describe(`doctor check ${id}`, () => {
    it('has a well-formed case table', () => assert.deepEqual(tableProblems(id, cases), []));
    for (const c of cases) {
      it(`${c.status}: ${c.name}`, () => {
        const r = resultOf(id, c.inputs);
        const evidence = r.evidence.join('\n');
        assert.equal(r.status, c.status, `status; evidence:\n${evidence}`);
        assert.ok(r.evidence.length > 0, 'a check line always carries evidence');
        for (const p of c.evidence ?? []) assert.ok(matches(evidence, p), `evidence lacks ${p}:\n${evidence}`);
        for (const p of c.hint ?? []) assert.ok(matches(r.hint, p), `hint lacks ${p}: ${r.hint}`);
      });
    }
  });
}
