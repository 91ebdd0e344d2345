/**
 * The `autopath` plugin (plugin/autopath/setup.go, autoPathParse).
 *
 *   autopath [ZONE...] RESOLV-CONF      RESOLV-CONF: a file, or @PLUGIN (only @kubernetes ships)
 */
import type { Directive } from '../ast.ts';
import { NEWEST_COREDNS } from '../coredns-versions.ts';
import { normalizeZones } from './go-values.ts';
import { argCount, badValue, hasError } from './problems.ts';
import type { PluginContext, PluginParseResult, SpecProblem } from './types.ts';

/** Plugins that implement AutoPather in the default build. */
const AUTOPATHERS = ['kubernetes'];

export interface AutopathConfig {
  zones: string[];
  /** Set for `@kubernetes`: the search path comes from the querying pod. */
  plugin?: string;
  /** Set for a file: the search path is that file's `search` line. */
  resolvConf?: string;
}

function runAutopath(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: AutopathConfig } {
  const problems: SpecProblem[] = [];
  const last = d.args[d.args.length - 1];
  const zoneArgs = d.args.slice(0, -1).map((a) => a.text);
  const config: AutopathConfig = { zones: zoneArgs.length ? normalizeZones(zoneArgs) : [...ctx.serverZones] };
  if (!last) {
    problems.push(argCount(d.name, 'Write `autopath @kubernetes` (with `pods verified` in the kubernetes block).'));
    return { problems, config };
  }
  if (d.block) problems.push(argCount(d.name, 'autopath takes no block.'));
  if (last.text.startsWith('@')) {
    const name = last.text.slice(1);
    if (!AUTOPATHERS.includes(name)) problems.push(badValue(last, `Plugin '${name}' does not implement autopath.`, 'Use @kubernetes, or a resolv.conf file.'));
    else config.plugin = name;
  } else config.resolvConf = last.text;
  return { problems, config };
}

export function parseAutopath(d: Directive, ctx: PluginContext): PluginParseResult<AutopathConfig> {
  const { problems, config } = runAutopath(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

export function autopathConfig(d: Directive, serverZones: string[] = ['.']): AutopathConfig {
  return runAutopath(d, { serverZones, corednsVersion: NEWEST_COREDNS }).config;
}
