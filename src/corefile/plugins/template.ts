/**
 * The `template` plugin (plugin/template/setup.go, setupTemplates).
 *
 *   template CLASS TYPE [ZONE...] {
 *     match REGEX... | answer RR | additional RR | authority RR | rcode CODE | ederror CODE [REASON]
 *     fallthrough [ZONE...] | upstream
 *   }
 */
import type { Directive } from '../ast.ts';
import { NEWEST_COREDNS } from '../coredns-versions.ts';
import { argTexts, walkBlock, type PropertyHandler } from './block.ts';
import { goRegexpError, normalizeZones, parseUint } from './go-values.ts';
import { argCount, badValue, hasError, propertyArgCount } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';

export const TEMPLATE_PROPERTIES: readonly PropertySpec[] = [
  { name: 'match', syntax: 'match REGEX...' },
  { name: 'answer', syntax: 'answer RR' },
  { name: 'additional', syntax: 'additional RR' },
  { name: 'authority', syntax: 'authority RR' },
  { name: 'rcode', syntax: 'rcode CODE' },
  // coredns/coredns#5659, released in 1.10.1.
  { name: 'ederror', syntax: 'ederror EXTENDED_ERROR_CODE [EXTRA_REASON]', addedIn: '1.10.1' },
  { name: 'fallthrough', syntax: 'fallthrough [ZONE...]' },
  // plugin/template/setup.go of 1.15.0 (absent in 1.14.3): variables and CEL-like filter expressions.
  { name: 'var', syntax: 'var NAME EXPRESSION', addedIn: '1.15.0' },
  { name: 'expr', syntax: 'expr EXPRESSION', addedIn: '1.15.0' },
  { name: 'upstream', syntax: 'upstream', hint: 'Delete the line: CNAME targets are always resolved through CoreDNS itself.' },
];

const CLASSES = ['IN', 'CH', 'CHAOS', 'HS', 'NONE', 'ANY'];
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

export interface TemplateConfig {
  qclass: string;
  qtype: string;
  zones: string[];
  /** Regexes a query name must match (default `.*`). */
  match: string[];
  answer: string[];
  additional: string[];
  authority: string[];
  rcode: string;
  fallthrough?: string[];
}

function rrLine(p: Directive, list: string[], problems: SpecProblem[]): void {
  if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
  list.push(argTexts(p).join(' '));
}

const HANDLERS: Readonly<Record<string, PropertyHandler<TemplateConfig>>> = {
  match: (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    for (const a of p.args) {
      const err = goRegexpError(a.text);
      if (err) problems.push(badValue(a, `Could not parse regex: ${a.text} (${err}).`));
      else s.match.push(a.text);
    }
  },
  answer: (p, s, problems) => rrLine(p, s.answer, problems),
  additional: (p, s, problems) => rrLine(p, s.additional, problems),
  authority: (p, s, problems) => rrLine(p, s.authority, problems),
  rcode: (p, s, problems) => {
    if (p.args.length !== 1) return void problems.push(propertyArgCount(p.name));
    const rc = p.args[0]!.text.toUpperCase();
    if (!RCODES.includes(rc)) problems.push(badValue(p.args[0]!, `Unknown rcode '${p.args[0]!.text}'.`));
    else s.rcode = rc;
  },
  ederror: (p, _s, problems) => {
    if (p.args.length < 1 || p.args.length > 2) return void problems.push(propertyArgCount(p.name));
    if (parseUint(p.args[0]!.text, 16) === undefined) problems.push(badValue(p.args[0]!, `ederror: '${p.args[0]!.text}' is not an extended error code (a number such as 21).`));
  },
  fallthrough: (p, s) => {
    s.fallthrough = normalizeZones(argTexts(p));
  },
  upstream: () => undefined,
};

function runTemplate(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: TemplateConfig } {
  const problems: SpecProblem[] = [];
  const [cls, typ, ...zones] = d.args;
  const config: TemplateConfig = {
    qclass: (cls?.text ?? 'IN').toUpperCase(),
    qtype: (typ?.text ?? 'A').toUpperCase(),
    zones: zones.length ? normalizeZones(zones.map((z) => z.text)) : [...ctx.serverZones],
    match: [],
    answer: [],
    additional: [],
    authority: [],
    rcode: 'NOERROR',
  };
  if (!cls || !typ) problems.push(argCount(d.name, 'Write `template CLASS TYPE [ZONE...]`, e.g. `template IN A example.org`.'));
  else {
    if (!CLASSES.includes(config.qclass)) problems.push(badValue(cls, `Invalid query class '${cls.text}'.`));
    if (!/^[A-Z][A-Z0-9]*$/.test(config.qtype)) problems.push(badValue(typ, `Invalid RR type '${typ.text}'.`));
  }
  walkBlock('template', d, TEMPLATE_PROPERTIES, HANDLERS, config, ctx, problems);
  if (config.match.length === 0) config.match.push('.*');
  return { problems, config };
}

export function parseTemplate(d: Directive, ctx: PluginContext): PluginParseResult<TemplateConfig> {
  const { problems, config } = runTemplate(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

export function templateConfig(d: Directive, serverZones: string[] = ['.']): TemplateConfig {
  return runTemplate(d, { serverZones, corednsVersion: NEWEST_COREDNS }).config;
}
