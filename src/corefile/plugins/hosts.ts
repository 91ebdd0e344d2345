/**
 * The `hosts` plugin (plugin/hosts/setup.go, hostsParse).
 *
 *   hosts [FILE [ZONES...]] {
 *     [INLINE]            e.g. `10.0.0.1 example.org`
 *     ttl SECONDS | no_reverse | reload DURATION | fallthrough [ZONES...] | fallthrough_unsupported
 *   }
 */
import type { Directive } from '../ast.ts';
import { NEWEST_COREDNS } from '../coredns-versions.ts';
import { atoi, isIpAddress, normalizeZones, parseDuration } from './go-values.ts';
import { badValue, hasError, lifecycleProblem, propertyArgCount, unknownProperty } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';

export const HOSTS_PROPERTIES: readonly PropertySpec[] = [
  { name: 'ttl', syntax: 'ttl SECONDS' },
  { name: 'no_reverse', syntax: 'no_reverse' },
  { name: 'reload', syntax: 'reload DURATION' },
  { name: 'fallthrough', syntax: 'fallthrough [ZONES...]' },
  // plugin/hosts/setup.go of 1.15.0 (absent in 1.14.3).
  { name: 'fallthrough_unsupported', syntax: 'fallthrough_unsupported', addedIn: '1.15.0' },
];

export interface HostsEntry {
  address: string;
  /** Names as FQDNs (lower-case, trailing dot). */
  names: string[];
}

export interface HostsConfig {
  /** The hosts file (default /etc/hosts; read even when inline entries are given). */
  file: string;
  zones: string[];
  entries: HostsEntry[];
  ttl: number;
  noReverse: boolean;
  reloadMs: number;
  /** undefined = no fallthrough; [] = all zones. */
  fallthrough?: string[];
}

function runHosts(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: HostsConfig } {
  const problems: SpecProblem[] = [];
  const config: HostsConfig = {
    file: d.args[0]?.text ?? '/etc/hosts',
    zones: d.args.length > 1 ? normalizeZones(d.args.slice(1).map((a) => a.text)) : [...ctx.serverZones],
    entries: [],
    ttl: 3600,
    noReverse: false,
    reloadMs: 5000,
  };
  // setup.go: a line that is not a property is an inline hosts line only while no fallthrough
  // has been read; after it, CoreDNS refuses the line ("unknown property '10.0.0.1'").
  for (const p of d.block?.directives ?? []) {
    const name = p.name.text;
    const spec = HOSTS_PROPERTIES.find((s) => s.name === name);
    if (!spec) {
      if (config.fallthrough !== undefined) {
        problems.push({
          ...unknownProperty(p.name, 'hosts', HOSTS_PROPERTIES),
          hint: 'Inline entries must come before fallthrough: after it CoreDNS reads a line as a property. Move the entries up.',
        });
        continue;
      }
      // Inline line; hostsfile's parser skips a line whose first field is not an address
      // (CoreDNS 1.15.0 starts with `example.org 10.0.0.1` and never answers it).
      if (isIpAddress(name.split('%')[0] ?? name)) config.entries.push({ address: name, names: normalizeZones(p.args.map((a) => a.text)) });
      else {
        problems.push({
          code: 'ignored-line',
          severity: 'warning',
          token: p.name,
          message: `This hosts line is ignored: its first field '${name}' is not an IP address.`,
          hint: 'Hosts lines are `ADDRESS NAME...`, e.g. `10.0.0.1 example.org`.',
        });
      }
      continue;
    }
    const life = lifecycleProblem(p.name, `The hosts property '${name}'`, spec, ctx);
    if (life.problem) problems.push(life.problem);
    if (life.stop) continue;
    if (name === 'ttl') {
      // Only the first argument is read; more are ignored.
      if (p.args.length < 1) {
        problems.push(badValue(p.name, 'ttl needs a time in second.'));
        continue;
      }
      const t = atoi(p.args[0]!.text);
      if (t === undefined || t <= 0 || t > 65535) problems.push(badValue(p.args[0]!, `ttl provided is invalid: '${p.args[0]!.text}'.`, 'Give 1..65535 seconds.'));
      else config.ttl = t;
    } else if (name === 'no_reverse') {
      config.noReverse = true; // arguments are not read
    } else if (name === 'reload') {
      if (p.args.length !== 1) {
        problems.push(badValue(p.name, 'reload needs a duration (zero seconds to disable).'));
        continue;
      }
      const ms = parseDuration(p.args[0]!.text);
      if (ms === undefined || ms < 0) problems.push(badValue(p.args[0]!, `reload duration is invalid: '${p.args[0]!.text}'.`, 'Write a Go duration such as 5s, or 0 to disable.'));
      else config.reloadMs = ms;
    } else if (name === 'fallthrough_unsupported') {
      if (p.args.length) problems.push(propertyArgCount(p.name));
    } else if (name === 'fallthrough') {
      config.fallthrough = normalizeZones(p.args.map((a) => a.text));
    }
  }
  return { problems, config };
}

export function parseHosts(d: Directive, ctx: PluginContext): PluginParseResult<HostsConfig> {
  const { problems, config } = runHosts(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

/** File, inline entries and fallthrough of a hosts line (best effort, newest CoreDNS). */
export function hostsConfig(d: Directive, serverZones: string[] = ['.']): HostsConfig {
  return runHosts(d, { serverZones, corednsVersion: NEWEST_COREDNS }).config;
}
