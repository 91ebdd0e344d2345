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
  else if (d.block) {
    // With two or more arguments the block is not read as part of the rule: caddy's next
    // c.Next() lands on `{`, which yields an empty rule ("no rule type specified for rewrite").
    problems.push(badValue(d.block.open, 'no rule type specified for rewrite: a block after a complete rule is read as a second, empty rule.', 'Write the rule either on the line or inside the block, not both.'));
  }
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
    // 1.15.0: `metadata` after TO (regex rules only) comes before the answers.
    if (rest[0]?.text === 'metadata' && compareVersions(ctx.corednsVersion, '1.15.0') >= 0) {
      if (match !== 'regex') problems.push(badValue(rest[0], 'metadata is only supported for regex name rules.'));
      rest.shift();
    }
    if (rest.length) parseAnswers(rest, rule, problems);
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

/**
 * The answer rules after a name rule (name.go parseAnswerRules): one or more of `auto`,
 * `name FROM TO`, `value FROM TO`, the first led by `answer` (later ones may repeat it or not);
 * `auto` cannot be combined with `name`.
 */
function parseAnswers(rest: Token[], rule: RewriteRule, problems: SpecProblem[]): void {
  const bad = (t: Token, why: string): void => void problems.push(badValue(t, why, 'Write `answer auto`, `answer name FROM TO` or `answer value FROM TO` (several may follow each other).'));
  if (rest.length < 2) return bad(rest[0]!, `invalid arguments for ${rule.match} rule.`);
  let i = 0;
  let last = '';
  let auto = false;
  let names = 0;
  while (i < rest.length) {
    if (last === '' && rest[i]!.text !== 'answer') return bad(rest[i]!, `Unexpected '${rest[i]!.text}' after a rewrite name rule: exceeded the number of arguments for a non-answer rule.`);
    if (rest[i]!.text === 'answer') i++;
    const kindTok = rest[i];
    if (!kindTok) return bad(rest[i - 1]!, 'type missing for answer rule.');
    last = kindTok.text;
    i++;
    if (last === 'auto') {
      auto = true;
      rule.answer ??= { kind: 'auto' };
      continue;
    }
    if (last !== 'name' && last !== 'value') return bad(kindTok, `invalid type "${last}" for answer rule.`);
    const from = rest[i];
    const to = rest[i + 1];
    if (!from || !to) return bad(kindTok, `${last} answer rule: 2 arguments required.`);
    checkRegex(from, problems);
    rule.answer ??= { kind: last, from: from.text, to: to.text };
    if (last === 'name') names++;
    i += 2;
  }
  if (auto && names > 0) bad(rest[0]!, 'auto name answer rule cannot be combined with explicit name answer rules.');
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
