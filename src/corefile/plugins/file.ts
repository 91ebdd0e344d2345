/**
 * The `file` plugin (plugin/file/setup.go, fileParse).
 *
 *   file DBFILE [ZONES...] { reload DURATION }
 */
import type { Directive } from '../ast.ts';
import { NEWEST_COREDNS } from '../coredns-versions.ts';
import { walkBlock } from './block.ts';
import { normalizeZones, parseDuration } from './go-values.ts';
import { argCount, badValue, hasError, propertyArgCount } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';

export const FILE_PROPERTIES: readonly PropertySpec[] = [
  { name: 'reload', syntax: 'reload DURATION' },
  { name: 'fallthrough', syntax: 'fallthrough [ZONES...]' },
  // plugin/file/setup.go of 1.15.0 (absent in 1.14.3).
  { name: 'reload_by_mtime', syntax: 'reload_by_mtime', addedIn: '1.15.0' },
  { name: 'upstream', syntax: 'upstream [ADDRESS...]', deprecatedIn: '1.5.0', hint: 'Delete the line: out-of-zone CNAME targets are resolved through CoreDNS itself.' },
  { name: 'transfer', syntax: 'transfer to ADDRESS...', removedIn: '1.8.0', replacedBy: ['transfer'], hint: 'Move it to a separate transfer plugin: `transfer { to ADDRESS }`.' },
];

export interface FileConfig {
  dbfile: string;
  zones: string[];
  reloadMs: number;
}

function runFile(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: FileConfig } {
  const problems: SpecProblem[] = [];
  const [db, ...zones] = d.args;
  const config: FileConfig = { dbfile: db?.text ?? '', zones: zones.length ? normalizeZones(zones.map((z) => z.text)) : [...ctx.serverZones], reloadMs: 60_000 };
  if (!db) problems.push(argCount(d.name, 'Write `file DBFILE [ZONES...]`.'));
  walkBlock('file', d, FILE_PROPERTIES, {
    reload: (p, s: FileConfig, ps) => {
      if (p.args.length !== 1) return void ps.push(propertyArgCount(p.name));
      const ms = parseDuration(p.args[0]!.text);
      if (ms === undefined) ps.push(badValue(p.args[0]!, `reload: '${p.args[0]!.text}' is not a duration.`));
      else s.reloadMs = ms;
    },
    upstream: () => undefined,
  }, config, ctx, problems);
  return { problems, config };
}

export function parseFile(d: Directive, ctx: PluginContext): PluginParseResult<FileConfig> {
  const { problems, config } = runFile(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

export function fileConfig(d: Directive, serverZones: string[] = ['.']): FileConfig {
  return runFile(d, { serverZones, corednsVersion: NEWEST_COREDNS }).config;
}
