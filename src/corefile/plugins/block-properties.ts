/**
 * Block properties of the plugins that have no argument parser of their own, as data: the
 * names each plugin's setup.go accepts in its `{ ... }` block (its `switch c.Val()` cases), read
 * from CoreDNS 1.14.3 and 1.15.0. Any other name makes setup fail ("unknown property 'x'",
 * "unknown option", "invalid selector", ...), and CoreDNS refuses to start.
 * `addedIn: '1.15.0'` marks a name 1.14.3's setup.go does not have (the earlier history of
 * these names is not modelled: a name present in 1.14.3 is taken as always present).
 */
import type { Directive } from '../ast.ts';
import { walkBlock } from './block.ts';
import { argCount } from './problems.ts';
import { compareVersions } from '../coredns-versions.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';

const p = (name: string, syntax = name, addedIn?: string): PropertySpec => ({ name, syntax, ...(addedIn ? { addedIn } : {}) });
const since115 = (name: string, syntax = name): PropertySpec => p(name, syntax, '1.15.0');

export const BLOCK_PROPERTIES: Readonly<Record<string, readonly PropertySpec[]>> = {
  // plugin/acl/setup.go: each line starts with an action.
  acl: [p('allow', 'allow [type QTYPE...] [net SOURCE...]'), p('block', 'block [type QTYPE...] [net SOURCE...]'), p('filter', 'filter [type QTYPE...] [net SOURCE...]'), p('drop', 'drop [type QTYPE...] [net SOURCE...]')],
  auto: [p('directory', 'directory DIR [REGEXP ORIGIN_TEMPLATE]'), p('reload', 'reload DURATION'), p('upstream')],
  azure: [p('subscription'), p('tenant'), p('client'), p('secret'), p('environment'), p('fallthrough'), p('access'), since115('refresh')],
  clouddns: [p('upstream'), p('credentials'), p('fallthrough'), since115('endpoint'), since115('refresh')],
  dns64: [p('prefix', 'prefix IPV6_PREFIX'), p('translate_all'), p('allow_ipv4')],
  dnssec: [p('key', 'key file KEY...'), p('cache_capacity', 'cache_capacity CAPACITY')],
  dnstap: [p('skipverify'), since115('tls'), p('identity'), p('version'), p('extra')],
  erratic: [p('drop', 'drop [AMOUNT]'), p('delay', 'delay [AMOUNT [DURATION]]'), p('truncate', 'truncate [AMOUNT]'), p('large')],
  etcd: [p('stubzones'), p('fallthrough'), p('debug'), p('path'), p('endpoint'), p('upstream'), p('tls'), p('credentials'), p('min-lease-ttl'), p('max-lease-ttl'), since115('no_apex_fallback')],
  grpc: [p('except', 'except IGNORED_NAMES...'), p('tls', 'tls CERT KEY CA'), p('tls_servername', 'tls_servername NAME'), p('policy', 'policy random|round_robin|sequential'), p('fallthrough', 'fallthrough [ZONES...]')],
  grpc_server: [p('max_streams'), p('max_connections')],
  // plugin/header/setup.go: each line starts with a selector.
  header: [p('query', 'query set|clear FLAGS...'), p('response', 'response set|clear FLAGS...')],
  https: [p('max_connections'), since115('max_streams')],
  https3: [p('max_streams'), since115('max_connections')],
  nomad: [p('address'), p('filter'), p('token'), p('ttl')],
  pprof: [p('block', 'block [RATE]')],
  proxyproto: [p('allow'), p('default'), p('udp_session_tracking'), since115('tlv_metadata')],
  quic: [p('max_streams'), p('worker_pool_size'), since115('max_connections')],
  route53: [p('aws_access_key'), p('aws_endpoint'), p('upstream'), p('credentials'), p('fallthrough'), p('refresh')],
  secondary: [p('transfer', 'transfer from ADDRESS...'), since115('catalog'), since115('fallthrough')],
  sign: [p('key', 'key file|directory KEY...'), p('directory', 'directory DIR')],
  siit: [p('ipv6_prefix'), p('eam')],
  timeouts: [p('read', 'read DURATION'), p('write', 'write DURATION'), p('idle', 'idle DURATION')],
  trace: [p('every'), p('service'), p('client_server'), p('datadog_analytics_rate'), p('zipkin_max_backlog_size'), p('zipkin_max_batch_size'), p('zipkin_max_batch_interval')],
  transfer: [p('to', 'to ADDRESS...'), since115('source')],
  tsig: [p('secret', 'secret NAME KEY'), p('secrets', 'secrets FILE'), p('require', 'require [QTYPE...]'), p('require_opcode')],
  view: [p('expr', 'expr EXPRESSION')],
  // plugin/tls/tls.go parseManualTLS (`tls CERT KEY [CA]`); 1.15.0's ACME mode (`tls acme`) has its own options, not modelled.
  tls: [p('client_auth', 'client_auth nocert|request|require|verify_if_given|require_and_verify'), p('keylog', 'keylog FILE')],
};

/** Plugins whose setup fails without a block (header: "Wrong argument count" when no rule is read). */
const NEEDS_BLOCK = new Set(['header']);

/**
 * Plugins whose setup.go had no `default:` case before the given release: older versions skip an
 * unknown property silently (checked: dnstap and trace start with one under 1.14.3 and refuse it
 * under 1.15.0).
 */
const STRICT_SINCE: Readonly<Record<string, string>> = { dnstap: '1.15.0', trace: '1.15.0' };

/** Plugins whose selector word is matched case-insensitively (header lower-cases it). */
const CASE_INSENSITIVE = new Set(['header']);

/** A parse function that judges only the block's property names against the table. */
export function parseBlockProperties(plugin: string): (d: Directive, ctx: PluginContext) => PluginParseResult {
  const table = BLOCK_PROPERTIES[plugin] ?? [];
  return (d, ctx) => {
    const problems: SpecProblem[] = [];
    if (plugin === 'tls' && d.args[0]?.text === 'acme') return { problems, config: {} };
    if (NEEDS_BLOCK.has(plugin) && !d.block?.directives.length) problems.push(argCount(d.name, `${plugin} needs a block with at least one rule.`));
    let block = CASE_INSENSITIVE.has(plugin) && d.block
      ? { ...d, block: { ...d.block, directives: d.block.directives.map((x) => ({ ...x, name: { ...x.name, text: x.name.text.toLowerCase() } })) } }
      : d;
    const strictSince = STRICT_SINCE[plugin];
    if (strictSince && block.block && compareVersions(ctx.corednsVersion, strictSince) < 0) {
      block = { ...block, block: { ...block.block, directives: block.block.directives.filter((x) => table.some((t) => t.name === x.name.text)) } };
    }
    walkBlock(plugin, block, table, {}, {}, ctx, problems);
    // The reported token keeps the text as written.
    const out = problems.map((pr) => ({ ...pr, token: d.block?.directives.find((x) => x.name.line === pr.token.line && x.name.column === pr.token.column)?.name ?? pr.token }));
    return out.some((x) => x.severity === 'error') ? { problems: out } : { problems: out, config: {} };
  };
}
