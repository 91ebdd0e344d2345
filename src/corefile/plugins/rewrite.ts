/**
 * The `rewrite` plugin (plugin/rewrite/setup.go, newRule and friends).
 *
 *   rewrite [continue|stop] FIELD [TYPE] [FROM TO|FROM TTL] [answer auto|name FROM TO|value FROM TO]
 *   FIELD: name type class edns0 ttl rcode cname; TYPE: exact prefix suffix substring regex
 */
import type { Directive, Token } from '../ast.ts';
import { argCount, badValue, hasError } from './problems.ts';
import { goRegexpError } from './go-values.ts';
import { compareVersions } from '../coredns-versions.ts';
import type { PluginContext, PluginParseResult, SpecProblem } from './types.ts';
import { pushAll } from '../../shared/array.ts';

export type RewriteField = 'name' | 'type' | 'class' | 'edns0' | 'ttl' | 'rcode' | 'cname';
export type RewriteMatch = 'exact' | 'prefix' | 'suffix' | 'substring' | 'regex';

export interface RewriteRule {
  mode: 'stop' | 'continue';
  field: RewriteField;
  match: RewriteMatch;
  /** FROM as written (a name, a pattern, a type, ...). */
  from: string;
  /** TO as written (replacement, type, TTL, ...). */
  to: string;
  /** `answer auto` / `answer name FROM TO` / `answer value FROM TO` for name rules. */
  answer?: { kind: 'auto' } | { kind: 'name' | 'value'; from: string; to: string };
  token: Token;
}

/** Fields and the release that added them (cname: 1.11.0, coredns/coredns#6004). */
const FIELDS: Readonly<Record<RewriteField, string | undefined>> = {
  name: undefined, type: undefined, class: undefined, edns0: undefined, ttl: undefined, rcode: undefined, cname: '1.11.0',
};
const MATCHES: readonly RewriteMatch[] = ['exact', 'prefix', 'suffix', 'substring', 'regex'];
const CLASSES = ['IN', 'CH', 'CHAOS', 'HS', 'NONE', 'ANY'];
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
const QTYPE = /^(A|AAAA|CNAME|MX|NS|PTR|SOA|SRV|TXT|CAA|DS|DNSKEY|HTTPS|SVCB|NAPTR|ANY|AXFR|IXFR|TYPE\d+|[A-Z0-9]+)$/;

function checkRegex(t: Token, problems: SpecProblem[]): void {
  const err = goRegexpError(t.text);
  if (err) problems.push(badValue(t, `Invalid regex pattern in a rewrite rule: ${t.text} (${err}).`));
}

function runRewrite(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; rule?: RewriteRule } {
  const problems: SpecProblem[] = [];
  const args = [...d.args];
  // setup.go: with fewer than two arguments, the rule is read from the block, its tokens
  // joined line after line (`rewrite stop { name regex A B \n answer name C D }`).
  if (args.length < 2 && d.block) for (const p of d.block.directives) pushAll(args, [p.name].concat(p.args));
  let mode: 'stop' | 'continue' = 'stop';
  // newRule lower-cases the mode and the field.
  const mode0 = args[0]?.text.toLowerCase();
  if (mode0 === 'stop' || mode0 === 'continue') {
    mode = mode0;
    args.shift();
  }
  const fieldTok = args.shift();
  if (!fieldTok) return { problems: [argCount(d.name, 'Write e.g. `rewrite name foo.example.com foo.default.svc.cluster.local`.')] };
  const field = fieldTok.text.toLowerCase() as RewriteField;
  if (!(field in FIELDS)) return { problems: [badValue(fieldTok, `Invalid rule type '${fieldTok.text}'.`, `Use one of ${Object.keys(FIELDS).join(', ')}.`)] };
  const since = FIELDS[field];
  if (since && compareVersions(ctx.corednsVersion, since) < 0) {
    return { problems: [{ code: 'unknown-property', severity: 'error', token: fieldTok, message: `rewrite ${field} does not exist before CoreDNS ${since} (target is ${ctx.corednsVersion}).`, hint: `Upgrade CoreDNS to ${since} or later.` }] };
  }
  let match: RewriteMatch = 'exact';
  const matchable = field === 'name' || field === 'ttl' || field === 'rcode' || field === 'cname';
  // With three or more arguments the first is the match type (name.go, ttl.go, ...), so
  // `rewrite name stop a b` fails on 'stop', not on what follows.
  if (matchable && args.length >= 3) {
    const m = args[0]!.text.toLowerCase() as RewriteMatch;
    if (!MATCHES.includes(m)) {
      const misplacedMode = m === ('stop' as string) || m === ('continue' as string);
      return {
        problems: [
          badValue(
            args[0]!,
            `rewrite ${field} supports only ${MATCHES.join(', ')} matching, not '${args[0]!.text}'.`,
            misplacedMode ? `Put ${m} before the field: \`rewrite ${m} ${field} ...\`.` : `Write \`rewrite ${field} exact|prefix|suffix|substring|regex FROM TO\`.`,
          ),
        ],
      };
    }
    match = m;
    args.shift();
  }
  const [from, to, ...rest] = args;
  if (!from || !to) return { problems: [argCount(args[args.length - 1] ?? d.name, `rewrite ${field} needs FROM and TO.`)] };
  if (match === 'regex') checkRegex(from, problems);
  const rule: RewriteRule = { mode, field, match, from: from.text, to: to.text, token: d.name };
  if (field === 'name') {
    if (rest.length) {
      if (rest[0]!.text !== 'answer') problems.push(badValue(rest[0]!, `Unexpected '${rest[0]!.text}' after a rewrite name rule.`, 'Only `answer auto|name FROM TO|value FROM TO` may follow.'));
      else {
        const kind = rest[1]?.text;
        if (kind === 'auto' && rest.length === 2) rule.answer = { kind: 'auto' };
        else if ((kind === 'name' || kind === 'value') && rest.length === 4) {
          checkRegex(rest[2]!, problems);
          rule.answer = { kind, from: rest[2]!.text, to: rest[3]!.text };
        } else problems.push(argCount(rest[0]!, 'Write `answer auto`, `answer name FROM TO` or `answer value FROM TO`.'));
      }
    }
  } else if (field === 'type') {
    if (rest.length) problems.push(argCount(d.name));
    for (const t of [from, to]) if (!QTYPE.test(t.text.toUpperCase())) problems.push(badValue(t, `Invalid type '${t.text}'.`));
  } else if (field === 'class') {
    if (rest.length) problems.push(argCount(d.name));
    for (const t of [from, to]) if (!CLASSES.includes(t.text.toUpperCase())) problems.push(badValue(t, `Invalid class '${t.text}'.`));
  } else if (field === 'ttl') {
    if (rest.length) problems.push(argCount(d.name));
    if (!/^\d*-?\d*$/.test(to.text) || to.text === '-' || to.text === '') problems.push(badValue(to, `Invalid TTL '${to.text}' in a rewrite ttl rule.`, 'Give seconds or a range MIN-MAX.'));
  } else if (field === 'rcode') {
    if (rest.length) problems.push(argCount(d.name));
    for (const t of [from, to]) if (!RCODES.includes(t.text.toUpperCase()) && !/^\d+$/.test(t.text)) problems.push(badValue(t, `Invalid rcode '${t.text}'.`));
  }
  return { problems, rule };
}

export function parseRewrite(d: Directive, ctx: PluginContext): PluginParseResult<RewriteRule> {
  const { problems, rule } = runRewrite(d, ctx);
  return hasError(problems) || !rule ? { problems } : { problems, config: rule };
}

/** The rules of rewrite directives (those that parse), in order. */
export function rewriteRules(ds: readonly Directive[], corednsVersion = '1.14.2'): RewriteRule[] {
  return ds.flatMap((d) => {
    const r = runRewrite(d, { serverZones: ['.'], corednsVersion });
    return r.rule && !hasError(r.problems) ? [r.rule] : [];
  });
}
