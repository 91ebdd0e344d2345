/**
 * The `cache` plugin (plugin/cache/setup.go, cacheParse).
 *
 *   cache [TTL] [ZONES...] {
 *     success CAPACITY [TTL] [MINTTL] | denial CAPACITY [TTL] [MINTTL]
 *     prefetch AMOUNT [[DURATION] [PERCENTAGE%]] | serve_stale [DURATION] [REFRESH_MODE]
 *     servfail DURATION | disable success|denial [ZONES...] | keepttl
 *   }
 */
import type { Directive } from '../ast.ts';
import { compareVersions, NEWEST_COREDNS } from '../coredns-versions.ts';
import { argTexts, walkBlock, type PropertyHandler } from './block.ts';
import { atoi, normalizeZones, parseDuration } from './go-values.ts';
import { badValue, hasError, propertyArgCount } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';
import { pushAll } from '../../shared/array.ts';

export const CACHE_PROPERTIES: readonly PropertySpec[] = [
  { name: 'success', syntax: 'success CAPACITY [TTL] [MINTTL]' },
  { name: 'denial', syntax: 'denial CAPACITY [TTL] [MINTTL]' },
  { name: 'prefetch', syntax: 'prefetch AMOUNT [[DURATION] [PERCENTAGE%]]' },
  { name: 'serve_stale', syntax: 'serve_stale [DURATION] [REFRESH_MODE]' },
  { name: 'servfail', syntax: 'servfail DURATION' },
  { name: 'disable', syntax: 'disable success|denial [ZONES...]' },
  { name: 'keepttl', syntax: 'keepttl' },
  // plugin/cache/setup.go of 1.15.0 (absent in 1.14.3).
  { name: 'serve_stale_policy', syntax: 'serve_stale_policy prefer_positive', addedIn: '1.15.0' },
];

export interface CacheConfig {
  /** Zones the cache applies to, as FQDNs (args or server block zones). */
  zones: string[];
  /** Maximum TTL of positive answers, seconds (default 3600). */
  successTtl: number;
  /** Maximum TTL of negative answers, seconds (default 1800). */
  denialTtl: number;
  successMinTtl: number;
  denialMinTtl: number;
  successCapacity: number;
  denialCapacity: number;
  prefetch: number;
  /** How long a stale entry may be served, ms; undefined = serve_stale off. */
  serveStaleMs?: number;
  serveStaleRefresh?: 'immediate' | 'verify';
  servfailMs: number;
  /** Zones where success / denial caching is disabled. */
  disableSuccess: string[];
  disableDenial: string[];
  keepTtl: boolean;
}

function defaults(zones: string[]): CacheConfig {
  return {
    zones,
    successTtl: 3600,
    denialTtl: 1800,
    successMinTtl: 5,
    denialMinTtl: 5,
    successCapacity: 9984,
    denialCapacity: 9984,
    prefetch: 0,
    servfailMs: 5000,
    disableSuccess: [],
    disableDenial: [],
    keepTtl: false,
  };
}

function intArg(p: Directive, i: number, problems: SpecProblem[]): number | undefined {
  const t = p.args[i]!;
  const n = atoi(t.text);
  if (n === undefined) problems.push(badValue(t, `${p.name.text}: '${t.text}' is not an integer.`));
  return n;
}

function capTtl(kind: 'success' | 'denial'): PropertyHandler<CacheConfig> {
  return (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    if (p.args.length > 3) return void problems.push(propertyArgCount(p.name));
    const cap = intArg(p, 0, problems);
    if (cap === undefined) return;
    if (kind === 'success') s.successCapacity = cap;
    else s.denialCapacity = cap;
    if (p.args.length > 1) {
      const ttl = intArg(p, 1, problems);
      if (ttl === undefined) return;
      if (ttl <= 0) return void problems.push(badValue(p.args[1]!, `cache TTL can not be zero or negative: ${ttl}.`));
      if (kind === 'success') s.successTtl = ttl;
      else s.denialTtl = ttl;
    }
    if (p.args.length > 2) {
      const min = intArg(p, 2, problems);
      if (min === undefined) return;
      if (min < 0) return void problems.push(badValue(p.args[2]!, `cache min TTL can not be negative: ${min}.`));
      if (kind === 'success') s.successMinTtl = min;
      else s.denialMinTtl = min;
    }
  };
}

const HANDLERS: Readonly<Record<string, PropertyHandler<CacheConfig>>> = {
  success: capTtl('success'),
  denial: capTtl('denial'),
  prefetch: (p, s, problems) => {
    if (p.args.length === 0 || p.args.length > 3) return void problems.push(propertyArgCount(p.name));
    const amount = intArg(p, 0, problems);
    if (amount === undefined) return;
    if (amount < 0) return void problems.push(badValue(p.args[0]!, `prefetch amount should be positive: ${amount}.`));
    s.prefetch = amount;
    if (p.args.length > 1 && parseDuration(p.args[1]!.text) === undefined)
      return void problems.push(badValue(p.args[1]!, `prefetch: '${p.args[1]!.text}' is not a duration.`));
    const pct = p.args[2];
    if (pct) {
      if (!pct.text.endsWith('%')) return void problems.push(badValue(pct, `Last character of percentage should be '%', but is '${pct.text.slice(-1)}'.`));
      const num = atoi(pct.text.slice(0, -1));
      if (num === undefined) return void problems.push(badValue(pct, `prefetch percentage '${pct.text}' is not an integer.`));
      if (num < 10 || num > 90) problems.push(badValue(pct, `Percentage should fall in range [10, 90]: ${num}.`));
    }
  },
  serve_stale: (p, s, problems) => {
    if (p.args.length > 2) return void problems.push(propertyArgCount(p.name));
    let ms = 3_600_000;
    if (p.args[0]) {
      const d = parseDuration(p.args[0].text);
      if (d === undefined) return void problems.push(badValue(p.args[0], `serve_stale: '${p.args[0].text}' is not a duration.`));
      if (d < 0) return void problems.push(badValue(p.args[0], `Invalid value for serve_stale duration: ${p.args[0].text}.`));
      ms = d;
    }
    const mode = p.args[1]?.text;
    if (mode !== undefined && mode !== 'immediate' && mode !== 'verify')
      return void problems.push(badValue(p.args[1]!, `Invalid value for serve_stale refresh mode: ${mode}.`, 'Use immediate or verify.'));
    s.serveStaleMs = ms;
    s.serveStaleRefresh = (mode as 'immediate' | 'verify' | undefined) ?? 'immediate';
  },
  servfail: (p, s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    const d = parseDuration(p.args[0]!.text);
    if (d === undefined) return void problems.push(badValue(p.args[0]!, `servfail: '${p.args[0]!.text}' is not a duration.`));
    if (d < 0) return void problems.push(badValue(p.args[0]!, `Invalid negative duration for servfail: ${p.args[0]!.text}.`));
    if (d > 300_000) return void problems.push(badValue(p.args[0]!, 'Caching SERVFAIL responses over 5 minutes is not permitted.'));
    s.servfailMs = d;
  },
  disable: (p, s, problems) => {
    const kind = p.args[0];
    if (!kind) return void problems.push(propertyArgCount(p.name));
    const zones = p.args.length > 1 ? normalizeZones(argTexts(p).slice(1)) : [...s.zones];
    if (kind.text === 'success') pushAll(s.disableSuccess, zones);
    else if (kind.text === 'denial') pushAll(s.disableDenial, zones);
    else problems.push(badValue(kind, `Cache type for disable must be "success" or "denial", not '${kind.text}'.`));
  },
  keepttl: (p, s, problems) => {
    if (p.args.length) return void problems.push(propertyArgCount(p.name));
    s.keepTtl = true;
  },
};

function runCache(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: CacheConfig } {
  const problems: SpecProblem[] = [];
  let args = d.args;
  let ttl: number | undefined;
  const first = args[0];
  if (first) {
    const n = atoi(first.text);
    if (n !== undefined) {
      if (n <= 0) problems.push(badValue(first, `cache TTL can not be zero or negative: ${n}.`, 'Give a positive number of seconds, e.g. `cache 30`.'));
      ttl = n;
      args = args.slice(1);
    }
  }
  const config = defaults(args.length ? normalizeZones(args.map((a) => a.text)) : [...ctx.serverZones]);
  if (ttl !== undefined && ttl > 0) {
    config.successTtl = ttl;
    config.denialTtl = ttl;
  }
  walkBlock('cache', d, CACHE_PROPERTIES, HANDLERS, config, ctx, problems);
  // 1.15.0 setup.go: serve_stale_policy takes prefer_positive, once, and only with serve_stale.
  const policies = (d.block?.directives ?? []).filter((p) => p.name.text === 'serve_stale_policy');
  if (policies.length && compareVersions(ctx.corednsVersion, '1.15.0') >= 0) {
    const first = policies[0]!;
    if (policies.length > 1) problems.push(badValue(policies[1]!.name, 'serve_stale_policy can only be specified once.'));
    else if (first.args.length !== 1) problems.push(propertyArgCount(first.name));
    else if (first.args[0]!.text !== 'prefer_positive') problems.push(badValue(first.args[0]!, `invalid serve_stale_policy: ${first.args[0]!.text}.`, 'Use prefer_positive.'));
    else if (config.serveStaleMs === undefined) problems.push(badValue(first.name, 'serve_stale_policy requires serve_stale.', 'Add `serve_stale` to the cache block.'));
  }
  return { problems, config };
}

export function parseCache(d: Directive, ctx: PluginContext): PluginParseResult<CacheConfig> {
  const { problems, config } = runCache(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

/** The cache settings of a cache line, judged against the newest CoreDNS (best effort). */
export function cacheConfig(d: Directive, serverZones: string[] = ['.']): CacheConfig {
  return runCache(d, { serverZones, corednsVersion: NEWEST_COREDNS }).config;
}
