/**
 * The plugin registry as data: every plugin of CoreDNS's plugin.cfg in chain order
 * (core/dnsserver/zdirectives.go), plus removed plugins with their lifecycle
 * (like ESLint's meta.deprecated), each with its argument parser when we have one.
 */
import type { Directive } from '../ast.ts';
import { parseCache } from './cache.ts';
import { parseForward } from './forward.ts';
import { parseKubernetes } from './kubernetes.ts';
import { parseHosts } from './hosts.ts';
import { parseRewrite } from './rewrite.ts';
import { parseTemplate } from './template.ts';
import { parseFile } from './file.ts';
import { parseK8sExternal } from './k8s-external.ts';
import { parseAutopath } from './autopath.ts';
import {
  parseBind,
  parseBufsize,
  parseErrors,
  parseHealth,
  parseLoadbalance,
  parseLocal,
  parseLog,
  parseNoArgs,
  parsePrometheus,
  parseReady,
  parseReload,
} from './simple.ts';
import { BLOCK_PROPERTIES, parseBlockProperties } from './block-properties.ts';
import type { PluginContext, PluginParseResult, PluginSpec } from './types.ts';

export type { Lifecycle, PluginContext, PluginParseResult, PluginSpec, PropertySpec, SpecProblem, SpecProblemCode } from './types.ts';

/**
 * Chain order of the newest supported build (CoreDNS 1.15.0 plugin.cfg, as core/dnsserver/zdirectives.go
 * compiles it). 1.15.0 moved tls after dnssec, autopath before acl and cache after acl, and added
 * shed, siit and dynupdate; 1.14.2 moved rewrite before acl (coredns/coredns#7882).
 */
export const PLUGIN_ORDER: readonly string[] = [
  'root', 'metadata', 'geoip', 'cancel', 'proxyproto', 'quic', 'grpc_server', 'https', 'https3', 'timeouts',
  'multisocket', 'reload', 'nsid', 'bufsize', 'bind', 'debug', 'trace', 'ready', 'health', 'pprof', 'shed',
  'prometheus', 'errors', 'log', 'dnstap', 'local', 'dns64', 'siit', 'any', 'chaos', 'loadbalance', 'tsig',
  'rewrite', 'autopath', 'acl', 'cache', 'header', 'dnssec', 'tls', 'minimal', 'template', 'transfer', 'dynupdate',
  'hosts', 'route53', 'azure', 'clouddns', 'k8s_external', 'kubernetes', 'file', 'auto', 'secondary', 'etcd',
  'loop', 'forward', 'grpc', 'erratic', 'whoami', 'on', 'sign', 'view', 'nomad',
];

type Parse = (d: Directive, ctx: PluginContext) => PluginParseResult;
type Entry = Omit<PluginSpec, 'name' | 'order'>;

const noArgs: Parse = (d) => parseNoArgs(d);

/**
 * Per-plugin facts for the current plugins. `once`: setup returns plugin.ErrOnce on a second use
 * in a server block: exactly the setup.go files of 1.14.3 and 1.15.0 that return it (cache,
 * dnssec, errors, grpc, hosts, kubernetes, loop, prometheus, nsid, pprof, ready, tsig, view; and
 * shed, dynupdate in 1.15.0). health, reload, chaos, etcd, tls and k8s_external may repeat.
 */
const CURRENT: Readonly<Record<string, Entry>> = {
  root: { once: false, syntax: ['root PATH'] },
  metadata: { once: false, syntax: ['metadata [ZONES...]'] },
  geoip: { once: false, syntax: ['geoip [DBFILE]'] },
  cancel: { once: false, addedIn: '1.5.0', syntax: ['cancel [TIMEOUT]'] },
  tls: { once: false, syntax: ['tls CERT KEY [CA]'] },
  timeouts: { once: false, syntax: ['timeouts { read DURATION; write DURATION; idle DURATION }'] },
  // In 1.14.3's and 1.15.0's plugin.cfg; the release that added each is not confirmed (so no addedIn).
  quic: { once: false, syntax: ['quic { max_streams N; worker_pool_size N }'] },
  grpc_server: { once: false, syntax: ['grpc_server { max_streams N; max_connection_age DURATION }'] },
  https: { once: false, syntax: ['https { max_connections N }'] },
  https3: { once: false, syntax: ['https3 { max_streams N }'] },
  multisocket: { once: false, addedIn: '1.12.0', syntax: ['multisocket [NUM_SOCKETS]'] },
  nomad: { once: false, syntax: ['nomad [ZONE] { address URL...; token TOKEN; ttl TTL }'] },
  // Added in 1.15.0 (absent from 1.14.3's plugin.cfg).
  shed: { once: true, addedIn: '1.15.0', syntax: ['shed { ... }'] },
  siit: { once: false, addedIn: '1.15.0', syntax: ['siit { ... }'] },
  dynupdate: { once: true, addedIn: '1.15.0', syntax: ['dynupdate [ZONES...]'] },
  proxyproto: { once: false, addedIn: '1.14.2', syntax: ['proxyproto'] },
  reload: { once: false, addedIn: '1.1.0', syntax: ['reload [INTERVAL] [JITTER]'], parse: (d) => parseReload(d) },
  nsid: { once: true, syntax: ['nsid [DATA]'] },
  bufsize: { once: false, syntax: ['bufsize [SIZE]'], parse: (d) => parseBufsize(d) },
  bind: { once: false, syntax: ['bind ADDRESS|IFACE ...'], parse: parseBind },
  debug: { once: false, syntax: ['debug'], parse: noArgs },
  trace: { once: false, syntax: ['trace [ENDPOINT-TYPE] [ENDPOINT]'] },
  ready: { once: true, addedIn: '1.5.0', syntax: ['ready [ADDRESS] { monitor until-ready|continuously }'], parse: parseReady },
  health: { once: false, syntax: ['health [ADDRESS] { lameduck DURATION }'], parse: parseHealth },
  pprof: { once: true, syntax: ['pprof [ADDRESS]'] },
  prometheus: { once: true, syntax: ['prometheus [ADDRESS] { runtime_metrics; tls CONFIG_FILE }'], parse: parsePrometheus },
  errors: { once: true, syntax: ['errors { consolidate DURATION REGEXP [LEVEL]; stacktrace }'], parse: parseErrors },
  log: { once: false, syntax: ['log [NAMES...] [FORMAT] { class CLASSES... }'], parse: parseLog },
  dnstap: { once: false, syntax: ['dnstap SOCKET [full] [writebuffer] [queue]'] },
  local: { once: false, syntax: ['local { localhost_prefix on|off }'], parse: parseLocal },
  dns64: { once: false, addedIn: '1.7.0', syntax: ['dns64 [PREFIX]'] },
  acl: { once: false, syntax: ['acl [ZONES...] { ACTION [type QTYPE...] [net SOURCE...] }'] },
  any: { once: false, syntax: ['any'], parse: noArgs },
  chaos: { once: false, syntax: ['chaos [VERSION] [AUTHORS...]'] },
  loadbalance: { once: false, syntax: ['loadbalance [round_robin|weighted WEIGHTFILE]'], parse: parseLoadbalance },
  tsig: { once: true, syntax: ['tsig [ZONE...] { secret NAME KEY; require [QTYPE...] }'] },
  cache: { once: true, syntax: ['cache [TTL] [ZONES...]'], parse: parseCache },
  rewrite: { once: false, syntax: ['rewrite [continue|stop] FIELD [TYPE] [FROM TO|FROM TTL]'], parse: parseRewrite },
  header: { once: false, syntax: ['header { ACTION FLAGS... }'] },
  dnssec: { once: true, syntax: ['dnssec [ZONES...] { key file KEY...; cache_capacity CAPACITY }'] },
  autopath: { once: false, syntax: ['autopath [ZONE...] RESOLV-CONF'], parse: parseAutopath },
  minimal: { once: false, syntax: ['minimal'], parse: noArgs },
  template: { once: false, syntax: ['template CLASS TYPE [ZONE...]'], parse: parseTemplate },
  transfer: { once: false, addedIn: '1.8.0', syntax: ['transfer [ZONE...] { to ADDRESS... }'] },
  hosts: { once: true, syntax: ['hosts [FILE [ZONES...]]'], parse: parseHosts },
  route53: { once: false, syntax: ['route53 [ZONE:HOSTED_ZONE_ID...]'] },
  azure: { once: false, syntax: ['azure AZURE_RESOURCE_GROUP:ZONE...'] },
  clouddns: { once: false, syntax: ['clouddns [ZONE:PROJECT_ID:HOSTED_ZONE_NAME...]'] },
  k8s_external: { once: false, syntax: ['k8s_external [ZONE...]'], parse: parseK8sExternal },
  kubernetes: { once: true, syntax: ['kubernetes [ZONES...]'], parse: parseKubernetes },
  file: { once: false, syntax: ['file DBFILE [ZONES...]'], parse: parseFile },
  auto: { once: false, syntax: ['auto [ZONES...] { directory DIR [REGEXP ORIGIN_TEMPLATE] }'] },
  secondary: { once: false, syntax: ['secondary [zones...] { transfer from ADDRESS... }'] },
  etcd: { once: false, syntax: ['etcd [ZONES...]'] },
  loop: { once: true, addedIn: '1.2.1', syntax: ['loop'], parse: noArgs },
  forward: { once: false, syntax: ['forward FROM TO...'], parse: parseForward },
  grpc: { once: true, addedIn: '1.5.0', syntax: ['grpc FROM TO...'] },
  erratic: { once: false, syntax: ['erratic { drop [AMOUNT]; truncate [AMOUNT]; delay [AMOUNT [DURATION]] }'] },
  whoami: { once: false, syntax: ['whoami'], parse: noArgs },
  on: { once: false, syntax: ['on startup|shutdown COMMAND'] },
  sign: { once: false, syntax: ['sign DBFILE [ZONES...]'] },
  view: { once: true, syntax: ['view NAME { expr EXPRESSION }'] },
};

/** Plugins that left the default build: when, and what replaces them. `order`: the slot they had. */
const REMOVED: readonly PluginSpec[] = [
  {
    name: 'proxy',
    order: PLUGIN_ORDER.indexOf('forward') + 0.5,
    once: false,
    deprecatedIn: '1.4.0',
    removedIn: '1.5.0',
    replacedBy: ['forward'],
    external: true,
    syntax: ['proxy FROM TO...'],
  },
  {
    name: 'federation',
    order: PLUGIN_ORDER.indexOf('k8s_external') - 0.5,
    once: true,
    deprecatedIn: '1.6.0',
    removedIn: '1.7.0',
    external: true,
    syntax: ['federation [ZONES...] { NAME DOMAIN }'],
  },
  {
    name: 'reverse',
    order: PLUGIN_ORDER.indexOf('hosts') + 0.5,
    once: false,
    removedIn: '1.1.0',
    replacedBy: ['template'],
    syntax: ['reverse NETWORK... { hostname TEMPLATE; ttl TTL; wildcard }'],
  },
  {
    name: 'startup',
    order: PLUGIN_ORDER.indexOf('on') - 0.5,
    once: false,
    removedIn: '1.3.0',
    replacedBy: ['on'],
    syntax: ['startup COMMAND'],
  },
  {
    name: 'shutdown',
    order: PLUGIN_ORDER.indexOf('on') - 0.25,
    once: false,
    removedIn: '1.3.0',
    replacedBy: ['on'],
    syntax: ['shutdown COMMAND'],
  },
];

/** A plugin without its own parser but with a property table gets the table's check. */
function withBlockCheck(name: string, entry: Entry): Entry {
  if (entry.parse || !BLOCK_PROPERTIES[name]) return entry;
  return { ...entry, properties: BLOCK_PROPERTIES[name], parse: parseBlockProperties(name) };
}

const REGISTRY: ReadonlyMap<string, PluginSpec> = new Map<string, PluginSpec>([
  ...PLUGIN_ORDER.map((name, order): [string, PluginSpec] => [name, { name, order, ...withBlockCheck(name, CURRENT[name] ?? { once: false }) }]),
  ...REMOVED.map((s): [string, PluginSpec] => [s.name, s]),
]);

/** The spec of a plugin (current or removed); undefined for a name CoreDNS never had. */
export function getPluginSpec(name: string): PluginSpec | undefined {
  return REGISTRY.get(name);
}

/** Every known spec, current first in chain order, then removed ones. */
export function allPluginSpecs(): PluginSpec[] {
  return [...REGISTRY.values()];
}

export { parseCache, cacheConfig, type CacheConfig } from './cache.ts';
export { parseForward, forwardConfig, FORWARD_MAX_UPSTREAMS, type ForwardConfig, type ForwardUpstream } from './forward.ts';
export { parseKubernetes, kubernetesOptions } from './kubernetes.ts';
export { hostsConfig, type HostsConfig, type HostsEntry } from './hosts.ts';
export { rewriteRules, type RewriteRule } from './rewrite.ts';
export { templateConfig, type TemplateConfig } from './template.ts';
export { fileConfig, type FileConfig } from './file.ts';
export { k8sExternalConfig, type K8sExternalConfig } from './k8s-external.ts';
export { autopathConfig, type AutopathConfig } from './autopath.ts';
