/**
 * The `k8s_external` plugin (plugin/k8s_external/setup.go, parse).
 *
 *   k8s_external [ZONE...] { apex APEX | ttl TTL | headless | fallthrough [ZONE...] }
 */
import type { Directive } from '../ast.ts';
import { NEWEST_COREDNS } from '../coredns-versions.ts';
import { argTexts, walkBlock, type PropertyHandler } from './block.ts';
import { atoi, normalizeZones } from './go-values.ts';
import { badValue, hasError, propertyArgCount } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';

export const K8S_EXTERNAL_PROPERTIES: readonly PropertySpec[] = [
  { name: 'apex', syntax: 'apex APEX' },
  { name: 'ttl', syntax: 'ttl TTL' },
  { name: 'headless', syntax: 'headless' },
  { name: 'fallthrough', syntax: 'fallthrough [ZONE...]', addedIn: '1.11.0' },
];

export interface K8sExternalConfig {
  zones: string[];
  /** Apex label (default 'dns'). */
  apex: string;
  ttl: number;
  headless: boolean;
  fallthrough?: string[];
}

const HANDLERS: Readonly<Record<string, PropertyHandler<K8sExternalConfig>>> = {
  apex: (p, s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    s.apex = p.args[0]!.text;
  },
  ttl: (p, s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    const t = atoi(p.args[0]!.text);
    if (t === undefined) return void problems.push(badValue(p.args[0]!, `ttl '${p.args[0]!.text}' is not an integer.`));
    if (t < 0 || t > 3600) return void problems.push(badValue(p.args[0]!, `ttl must be in range [0, 3600]: ${t}.`));
    s.ttl = t;
  },
  headless: (p, s, problems) => {
    if (p.args.length) return void problems.push(propertyArgCount(p.name));
    s.headless = true;
  },
  fallthrough: (p, s) => {
    s.fallthrough = normalizeZones(argTexts(p));
  },
};

function runK8sExternal(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: K8sExternalConfig } {
  const problems: SpecProblem[] = [];
  const config: K8sExternalConfig = { zones: d.args.length ? normalizeZones(argTexts(d)) : [...ctx.serverZones], apex: 'dns', ttl: 5, headless: false };
  walkBlock('k8s_external', d, K8S_EXTERNAL_PROPERTIES, HANDLERS, config, ctx, problems);
  return { problems, config };
}

export function parseK8sExternal(d: Directive, ctx: PluginContext): PluginParseResult<K8sExternalConfig> {
  const { problems, config } = runK8sExternal(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

export function k8sExternalConfig(d: Directive, serverZones: string[] = ['.']): K8sExternalConfig {
  return runK8sExternal(d, { serverZones, corednsVersion: NEWEST_COREDNS }).config;
}
