/**
 * The `kubernetes` plugin (plugin/kubernetes/setup.go, ParseStanza).
 *
 *   kubernetes [ZONES...] {
 *     endpoint URL | tls CERT KEY CACERT | kubeconfig KUBECONFIG [CONTEXT]
 *     namespaces NAMESPACE... | labels EXPRESSION | namespace_labels EXPRESSION
 *     pods POD-MODE | endpoint_pod_names | ttl TTL | noendpoints
 *     fallthrough [ZONES...] | ignore empty_service | multicluster [ZONES...]
 *     startup_timeout DURATION | apiserver_qps QPS | apiserver_burst N | apiserver_max_inflight N
 *   }
 */
import type { Directive } from '../ast.ts';
import { defaultKubernetesOptions, type KubernetesPluginOptions, type PodsMode } from '../kubernetes-options.ts';
import { NEWEST_COREDNS } from '../coredns-versions.ts';
import { argTexts, walkBlock, type PropertyHandler } from './block.ts';
import { atoi, normalizeZones, parseDuration } from './go-values.ts';
import { checkLabelSelector } from './label-selector.ts';
import { badValue, hasError, propertyArgCount } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';

export const KUBERNETES_PROPERTIES: readonly PropertySpec[] = [
  { name: 'endpoint', syntax: 'endpoint URL' },
  { name: 'tls', syntax: 'tls CERT KEY CACERT' },
  { name: 'kubeconfig', syntax: 'kubeconfig KUBECONFIG [CONTEXT]' },
  { name: 'namespaces', syntax: 'namespaces NAMESPACE...' },
  { name: 'labels', syntax: 'labels EXPRESSION' },
  { name: 'namespace_labels', syntax: 'namespace_labels EXPRESSION' },
  { name: 'pods', syntax: 'pods disabled|insecure|verified' },
  { name: 'endpoint_pod_names', syntax: 'endpoint_pod_names' },
  { name: 'ttl', syntax: 'ttl TTL' },
  // plugin/kubernetes/setup.go of 1.15.0 (absent in 1.14.3).
  { name: 'zonal', syntax: 'zonal', addedIn: '1.15.0' },
  { name: 'noendpoints', syntax: 'noendpoints' },
  { name: 'fallthrough', syntax: 'fallthrough [ZONES...]' },
  { name: 'ignore', syntax: 'ignore empty_service' },
  { name: 'multicluster', syntax: 'multicluster [ZONES...]' },
  { name: 'startup_timeout', syntax: 'startup_timeout DURATION' },
  // Release from a secondary source ("v1.14+"); not confirmed against release notes.
  { name: 'apiserver_qps', syntax: 'apiserver_qps QPS', addedIn: '1.14.0' },
  { name: 'apiserver_burst', syntax: 'apiserver_burst BURST', addedIn: '1.14.0' },
  { name: 'apiserver_max_inflight', syntax: 'apiserver_max_inflight N', addedIn: '1.14.0' },
  {
    name: 'upstream',
    syntax: 'upstream [ADDRESS...]',
    deprecatedIn: '1.5.0',
    removedIn: '1.7.0',
    hint: 'Delete the line: ExternalName targets are resolved through CoreDNS itself (add a forward plugin for outside names).',
  },
  { name: 'resyncperiod', syntax: 'resyncperiod DURATION', deprecatedIn: '1.6.0', removedIn: '1.7.0', hint: 'Delete the line; the informers no longer resync periodically.' },
  {
    name: 'transfer',
    syntax: 'transfer to ADDRESS...',
    removedIn: '1.8.0',
    replacedBy: ['transfer'],
    hint: 'Move it to a separate transfer plugin: `transfer { to ADDRESS }`.',
  },
];

const POD_MODES: readonly PodsMode[] = ['disabled', 'insecure', 'verified'];

interface State {
  opts: KubernetesPluginOptions;
  namespaceLabelsToken?: Directive;
}

function exactlyNone(p: Directive, problems: SpecProblem[]): boolean {
  if (p.args.length > 0) {
    problems.push(propertyArgCount(p.name));
    return false;
  }
  return true;
}

function atLeastOne(p: Directive, problems: SpecProblem[]): boolean {
  if (p.args.length === 0) {
    problems.push(propertyArgCount(p.name));
    return false;
  }
  return true;
}

function selector(p: Directive, problems: SpecProblem[], what: string): string | undefined {
  if (!atLeastOne(p, problems)) return undefined;
  const text = argTexts(p).join(' ');
  const err = checkLabelSelector(text);
  if (err) {
    problems.push(badValue(p.args[0] ?? p.name, `Unable to parse ${what} selector value '${text}': ${err}.`, 'Write it as kubectl -l takes it, e.g. `app=web,tier in (fe,be)`.'));
    return undefined;
  }
  return text;
}

function nonNegativeInt(p: Directive, problems: SpecProblem[]): void {
  if (p.args.length !== 1) {
    problems.push(propertyArgCount(p.name));
    return;
  }
  const n = atoi(p.args[0]!.text);
  if (n === undefined || n < 0) problems.push(badValue(p.args[0]!, `${p.name.text} must be a non-negative integer, not '${p.args[0]!.text}'.`));
}

const HANDLERS: Readonly<Record<string, PropertyHandler<State>>> = {
  endpoint_pod_names: (p, s, problems) => {
    if (exactlyNone(p, problems)) s.opts.endpointPodNames = true;
  },
  pods: (p, s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    const mode = p.args[0]!.text as PodsMode;
    if (!POD_MODES.includes(mode)) {
      problems.push(badValue(p.args[0]!, `Wrong value for pods: '${mode}' must be one of disabled, verified, insecure.`));
      return;
    }
    s.opts.podsMode = mode;
  },
  namespaces: (p, s, problems) => {
    if (atLeastOne(p, problems)) s.opts.namespaces = [...new Set([...(s.opts.namespaces ?? []), ...argTexts(p)])];
  },
  endpoint: (p, _s, problems) => {
    if (!atLeastOne(p, problems)) return;
    if (p.args.length > 1)
      problems.push({
        code: 'deprecated-option',
        severity: 'warning',
        token: p.args[1]!,
        message: `Multiple endpoints are deprecated; only the first, '${p.args[0]!.text}', is used.`,
        hint: 'Keep one endpoint URL.',
      });
  },
  tls: (p, _s, problems) => {
    if (p.args.length !== 3) problems.push(propertyArgCount(p.name, 'tls takes exactly three files: CERT KEY CACERT.'));
  },
  labels: (p, s, problems) => {
    const text = selector(p, problems, 'label');
    if (text !== undefined) s.opts.labels = text;
  },
  namespace_labels: (p, s, problems) => {
    const text = selector(p, problems, 'namespace_labels');
    if (text !== undefined) {
      s.opts.namespaceLabels = text;
      s.namespaceLabelsToken = p;
    }
  },
  fallthrough: (p, s) => {
    s.opts.fallthrough = normalizeZones(argTexts(p));
  },
  ttl: (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    const t = atoi(p.args[0]!.text);
    if (t === undefined) return void problems.push(badValue(p.args[0]!, `ttl '${p.args[0]!.text}' is not an integer.`));
    if (t < 0 || t > 3600) return void problems.push(badValue(p.args[0]!, `ttl must be in range [0, 3600]: ${t}.`));
    s.opts.ttl = t;
  },
  noendpoints: (p, s, problems) => {
    if (exactlyNone(p, problems)) s.opts.noEndpoints = true;
  },
  ignore: (p, s, problems) => {
    // setup.go: with no argument the line is accepted and does nothing.
    const first = p.args[0];
    if (!first) return;
    if (first.text !== 'empty_service') {
      problems.push(badValue(first, `Unable to parse ignore value: '${first.text}'.`, 'The only value is empty_service.'));
      return;
    }
    s.opts.ignoreEmptyService = true;
  },
  kubeconfig: (p, _s, problems) => {
    if (p.args.length !== 1 && p.args.length !== 2) problems.push(propertyArgCount(p.name, 'kubeconfig takes a file and an optional context.'));
  },
  multicluster: (p, s) => {
    s.opts.multicluster = normalizeZones(argTexts(p));
  },
  startup_timeout: (p, _s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    const ms = parseDuration(p.args[0]!.text);
    if (ms === undefined || ms < 0) problems.push(badValue(p.args[0]!, `startup_timeout '${p.args[0]!.text}' is not a duration.`, 'Write a Go duration such as 5s or 1m.'));
  },
  apiserver_qps: (p, _s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    const v = Number(p.args[0]!.text);
    if (!Number.isFinite(v) || v < 0 || p.args[0]!.text.trim() === '') problems.push(badValue(p.args[0]!, `apiserver_qps must be a non-negative number, not '${p.args[0]!.text}'.`));
  },
  apiserver_burst: (p, _s, problems) => nonNegativeInt(p, problems),
  apiserver_max_inflight: (p, _s, problems) => nonNegativeInt(p, problems),
};

function isReverseZone(zone: string): boolean {
  return zone.endsWith('in-addr.arpa.') || zone.endsWith('ip6.arpa.');
}

function runKubernetes(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; opts: KubernetesPluginOptions } {
  const problems: SpecProblem[] = [];
  const zones = d.args.length ? normalizeZones(argTexts(d)) : [...ctx.serverZones];
  const state: State = { opts: defaultKubernetesOptions(zones) };
  if (!zones.some((z) => !isReverseZone(z))) {
    problems.push(
      badValue(d.args[0] ?? d.name, 'The kubernetes plugin needs a non-reverse zone name.', 'Add the cluster domain, e.g. `kubernetes cluster.local in-addr.arpa ip6.arpa`.'),
    );
  }
  walkBlock('kubernetes', d, KUBERNETES_PROPERTIES, HANDLERS, state, ctx, problems);
  if (state.opts.namespaces && state.namespaceLabelsToken) {
    problems.push({
      code: 'conflicting-options',
      severity: 'error',
      token: state.namespaceLabelsToken.name,
      message: 'namespaces and namespace_labels cannot both be set.',
      hint: 'Keep one of the two.',
    });
  }
  return { problems, opts: state.opts };
}

export function parseKubernetes(d: Directive, ctx: PluginContext): PluginParseResult<KubernetesPluginOptions> {
  const { problems, opts } = runKubernetes(d, ctx);
  return hasError(problems) ? { problems } : { problems, config: opts };
}

/**
 * The options this directive asks for, judged against the newest CoreDNS. Best effort:
 * a property line in error keeps its default, the other lines still apply.
 */
export function kubernetesOptions(d: Directive, serverZones: string[]): KubernetesPluginOptions {
  return runKubernetes(d, { serverZones, corednsVersion: NEWEST_COREDNS }).opts;
}
