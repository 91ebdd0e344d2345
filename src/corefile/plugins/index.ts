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
  parseAddressOnly,
  parseBind,
  parseBufsize,
  parseErrors,
  parseHealth,
  parseLoadbalance,
  parseLog,
  parseNoArgs,
  parsePrometheus,
  parseReload,
} from './simple.ts';
import type { PluginContext, PluginParseResult, PluginSpec } from './types.ts';

export type { Lifecycle, PluginContext, PluginParseResult, PluginSpec, PropertySpec, SpecProblem, SpecProblemCode } from './types.ts';

/**
 * Chain order of the current build (zdirectives.go), with the 1.14.2 change that moved
 * rewrite before acl (coredns/coredns#7882). proxyproto (1.14.2) sits with the listener
 * plugins; its exact slot is not confirmed.
 */
export const PLUGIN_ORDER: readonly string[] = [
  'root', 'metadata', 'geoip', 'cancel', 'tls', 'timeouts', 'reuseport', 'proxyproto', 'reload', 'nsid', 'bufsize',
  'bind', 'debug', 'trace', 'ready', 'health', 'pprof', 'prometheus', 'errors', 'log', 'dnstap', 'local', 'dns64',
  'rewrite', 'acl', 'any', 'chaos', 'loadbalance', 'tsig', 'cache', 'header', 'dnssec', 'autopath', 'minimal',
  'template', 'transfer', 'hosts', 'route53', 'azure', 'clouddns', 'k8s_external', 'kubernetes', 'file', 'auto',
  'secondary', 'etcd', 'loop', 'forward', 'grpc', 'erratic', 'whoami', 'on', 'sign', 'view',
];

type Parse = (d: Directive, ctx: PluginContext) => PluginParseResult;
type Entry = Omit<PluginSpec, 'name' | 'order'>;

const noArgs: Parse = (d) => parseNoArgs(d);

/** Per-plugin facts for the current plugins. `once`: setup returns plugin.ErrOnce (or an equivalent) on a second use. */
const CURRENT: Readonly<Record<string, Entry>> = {
  root: { once: false, syntax: ['root PATH'] },
  metadata: { once: false, syntax: ['metadata [ZONES...]'] },
  geoip: { once: false, syntax: ['geoip [DBFILE]'] },
  cancel: { once: false, addedIn: '1.5.0', syntax: ['cancel [TIMEOUT]'] },
  tls: { once: true, syntax: ['tls CERT KEY [CA]'] },
  timeouts: { once: false, syntax: ['timeouts { read DURATION; write DURATION; idle DURATION }'] },
  reuseport: { once: false, syntax: ['reuseport'] },
  proxyproto: { once: false, addedIn: '1.14.2', syntax: ['proxyproto'] },
  reload: { once: true, addedIn: '1.1.0', syntax: ['reload [INTERVAL] [JITTER]'], parse: (d) => parseReload(d) },
  nsid: { once: true, syntax: ['nsid [DATA]'] },
  bufsize: { once: false, syntax: ['bufsize [SIZE]'], parse: (d) => parseBufsize(d) },
  bind: { once: false, syntax: ['bind ADDRESS|IFACE ...'], parse: parseBind },
  debug: { once: false, syntax: ['debug'], parse: noArgs },
  trace: { once: false, syntax: ['trace [ENDPOINT-TYPE] [ENDPOINT]'] },
  ready: { once: true, addedIn: '1.5.0', syntax: ['ready [ADDRESS]'], parse: (d) => parseAddressOnly(d) },
  health: { once: true, syntax: ['health [ADDRESS] { lameduck DURATION }'], parse: parseHealth },
  pprof: { once: true, syntax: ['pprof [ADDRESS]'] },
  prometheus: { once: true, syntax: ['prometheus [ADDRESS] { runtime_metrics; tls CONFIG_FILE }'], parse: parsePrometheus },
  errors: { once: true, syntax: ['errors { consolidate DURATION REGEXP [LEVEL]; stacktrace }'], parse: parseErrors },
  log: { once: false, syntax: ['log [NAMES...] [FORMAT] { class CLASSES... }'], parse: parseLog },
  dnstap: { once: false, syntax: ['dnstap SOCKET [full] [writebuffer] [queue]'] },
  local: { once: false, syntax: ['local'], parse: noArgs },
  dns64: { once: false, addedIn: '1.7.0', syntax: ['dns64 [PREFIX]'] },
  acl: { once: false, syntax: ['acl [ZONES...] { ACTION [type QTYPE...] [net SOURCE...] }'] },
  any: { once: false, syntax: ['any'], parse: noArgs },
  chaos: { once: true, syntax: ['chaos [VERSION] [AUTHORS...]'] },
  loadbalance: { once: false, syntax: ['loadbalance [round_robin|weighted WEIGHTFILE]'], parse: parseLoadbalance },
  tsig: { once: false, syntax: ['tsig [ZONE...] { secret NAME KEY; require [QTYPE...] }'] },
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
  k8s_external: { once: true, syntax: ['k8s_external [ZONE...]'], parse: parseK8sExternal },
  kubernetes: { once: true, syntax: ['kubernetes [ZONES...]'], parse: parseKubernetes },
  file: { once: false, syntax: ['file DBFILE [ZONES...]'], parse: parseFile },
  auto: { once: false, syntax: ['auto [ZONES...] { directory DIR [REGEXP ORIGIN_TEMPLATE] }'] },
  secondary: { once: false, syntax: ['secondary [zones...] { transfer from ADDRESS... }'] },
  etcd: { once: true, syntax: ['etcd [ZONES...]'] },
  loop: { once: true, addedIn: '1.2.1', syntax: ['loop'], parse: noArgs },
  forward: { once: false, syntax: ['forward FROM TO...'], parse: parseForward },
  grpc: { once: false, addedIn: '1.5.0', syntax: ['grpc FROM TO...'] },
  erratic: { once: false, syntax: ['erratic { drop [AMOUNT]; truncate [AMOUNT]; delay [AMOUNT [DURATION]] }'] },
  whoami: { once: false, syntax: ['whoami'], parse: noArgs },
  on: { once: false, syntax: ['on startup|shutdown COMMAND'] },
  sign: { once: false, syntax: ['sign DBFILE [ZONES...]'] },
  view: { once: false, syntax: ['view NAME { expr EXPRESSION }'] },
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

const REGISTRY: ReadonlyMap<string, PluginSpec> = new Map<string, PluginSpec>([
  ...PLUGIN_ORDER.map((name, order): [string, PluginSpec] => [name, { name, order, ...(CURRENT[name] ?? { once: false }) }]),
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
