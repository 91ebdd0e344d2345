/**
 * Predicts what CoreDNS answers for one query, from the Corefile and the cluster objects:
 * picks the server block (route.ts), runs the block's plugins in CoreDNS's build order
 * (plugin.cfg — never the order written in the file), and stops at the first plugin that
 * answers. Pure: the kubernetes plugin's answers come from an injected function (the records
 * model), file contents CoreDNS would read come from `files`.
 *
 * What cannot be known from the cluster objects (upstream resolvers, zone files we were not
 * given, plugins we do not model) is predicted as `null` with the reason in `trace`.
 */
import type { Corefile, Directive, ServerBlock } from '../corefile/ast.ts';
import type { KubernetesPluginOptions } from '../corefile/kubernetes-options.ts';
import { getPluginSpec } from '../corefile/plugins/index.ts';
import { kubernetesOptions } from '../corefile/plugins/kubernetes.ts';
import { hostsConfig, type HostsConfig } from '../corefile/plugins/hosts.ts';
import { forwardConfig, type ForwardConfig } from '../corefile/plugins/forward.ts';
import { templateConfig, type TemplateConfig } from '../corefile/plugins/template.ts';
import { rewriteRules, type RewriteRule } from '../corefile/plugins/rewrite.ts';
import { isSubdomain, toFqdn } from '../shared/fqdn.ts';
import { routeQuery, type Route } from './route.ts';
import { parseHostsText } from './hosts-text.ts';
import type { KubernetesAnswer } from '../records/lookup.ts';
import { pushAll } from '../shared/array.ts';

export type PredictedStatus = 'NOERROR' | 'NODATA' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT';

export interface PredictedRecord {
  name: string;
  type: string;
  ttl: number;
  data: string;
}

/** What the kubernetes plugin answers: the records model (records/lookup.ts) over a cluster view. */
export type KubernetesAnswerer = (qname: string, qtype: string, options: KubernetesPluginOptions) => KubernetesAnswer;

export interface Prediction {
  /** null: cannot be predicted from the cluster objects (see trace). */
  status: PredictedStatus | null;
  answers: PredictedRecord[];
  /** Server block label (`.:53`), undefined when REFUSED. */
  server?: string;
  /** The plugin that produced the answer (`kubernetes`, `hosts`, `forward`, ...). */
  plugin?: string;
  /** For `forward`: the upstreams as written. */
  upstreams?: string[];
  /**
   * Set when the answer is a CNAME whose target CoreDNS resolves through its upstream (an
   * ExternalName): the rcode is certain, the target's addresses are not.
   */
  cnameTarget?: string;
  /** The name after `rewrite`, when it changed. */
  rewrittenTo?: string;
  /** Human-readable steps through the chain. */
  trace: string[];
}

/** Plugins that never answer a query themselves (they observe, wrap or configure). */
const PASS_THROUGH = new Set([
  'errors', 'log', 'health', 'ready', 'prometheus', 'cache', 'loop', 'reload', 'loadbalance', 'bind', 'debug',
  'trace', 'metadata', 'bufsize', 'root', 'timeouts', 'tls', 'nsid', 'dnstap', 'pprof', 'cancel', 'geoip', 'local',
  'multisocket', 'proxyproto', 'on', 'autopath', 'dnssec', 'sign', 'transfer', 'header', 'minimal', 'any',
  'import', 'view', 'acl', 'quic', 'grpc_server', 'https3', 'tsig',
]);

interface Stage {
  plugin: string;
  directive: Directive;
  hosts?: HostsConfig;
  forward?: ForwardConfig;
  template?: TemplateConfig;
  kubernetes?: KubernetesPluginOptions;
  rewrite?: RewriteRule[];
  zones?: string[];
}

export interface PredictContext {
  corefile: Corefile;
  kubernetes: KubernetesAnswerer;
  /** Files CoreDNS reads, by path (e.g. the ConfigMap keys mounted in /etc/coredns). */
  files?: Record<string, string>;
  corednsVersion?: string;
  port?: number;
}

/** The stages of a server block in chain order; computed once per block. */
const stageCache = new WeakMap<ServerBlock, Stage[]>();

export function stagesOf(block: ServerBlock, route: Route, corednsVersion?: string): Stage[] {
  const cached = stageCache.get(block);
  if (cached) return cached;
  const serverZones = block.keys.flatMap((k) => k.zones);
  const byPlugin = new Map<string, Directive[]>();
  for (const d of block.body.directives) {
    const name = d.name.text.toLowerCase();
    byPlugin.set(name, [...(byPlugin.get(name) ?? []), d]);
  }
  const ordered = [...byPlugin.keys()].sort((a, b) => (getPluginSpec(a)?.order ?? 1e9) - (getPluginSpec(b)?.order ?? 1e9));
  const stages: Stage[] = [];
  for (const plugin of ordered) {
    const ds = byPlugin.get(plugin)!;
    if (plugin === 'rewrite') {
      stages.push({ plugin, directive: ds[0]!, rewrite: rewriteRules(ds, corednsVersion) });
      continue;
    }
    // Plugins allowed more than once (forward is not; hosts, template are) become several stages.
    for (const d of ds) {
      const stage: Stage = { plugin, directive: d };
      if (plugin === 'hosts') stage.hosts = hostsConfig(d, serverZones);
      else if (plugin === 'forward') stage.forward = forwardConfig(d);
      else if (plugin === 'template') stage.template = templateConfig(d, serverZones);
      else if (plugin === 'kubernetes') stage.kubernetes = kubernetesOptions(d, serverZones);
      stages.push(stage);
    }
  }
  void route;
  stageCache.set(block, stages);
  return stages;
}

function coversZone(zones: readonly string[], qname: string): boolean {
  return zones.some((z) => isSubdomain(qname, z));
}

/** `fallthrough` with no zones covers everything; with zones, only names under them. */
function fallsThrough(fallthrough: readonly string[] | undefined, qname: string): boolean {
  if (fallthrough === undefined) return false;
  return fallthrough.length === 0 || coversZone(fallthrough, qname);
}

/** Applies `rewrite name` rules (the request side) and returns the new name, if any rule matched. */
export function applyNameRewrites(rules: readonly RewriteRule[], qname: string): { name: string; rule?: RewriteRule } {
  let name = qname;
  let matched: RewriteRule | undefined;
  for (const rule of rules) {
    if (rule.field !== 'name') continue;
    const next = rewriteName(rule, name);
    if (next === undefined) continue;
    name = next;
    matched = rule;
    if (rule.mode === 'stop') break;
  }
  return matched ? { name, rule: matched } : { name };
}

function rewriteName(rule: RewriteRule, qname: string): string | undefined {
  const from = rule.match === 'regex' ? rule.from : toFqdn(rule.from);
  const to = rule.match === 'regex' ? rule.to : toFqdn(rule.to);
  switch (rule.match) {
    case 'exact':
      return qname === from ? to : undefined;
    case 'prefix': {
      const f = rule.from.toLowerCase();
      return qname.startsWith(f) ? rule.to.toLowerCase() + qname.slice(f.length) : undefined;
    }
    case 'suffix': {
      const f = rule.from.toLowerCase();
      return qname.endsWith(f) ? qname.slice(0, qname.length - f.length) + rule.to.toLowerCase() : undefined;
    }
    case 'substring': {
      const f = rule.from.toLowerCase();
      return qname.includes(f) ? qname.replace(f, rule.to.toLowerCase()) : undefined;
    }
    case 'regex': {
      let re: RegExp;
      try {
        re = new RegExp(from);
      } catch {
        return undefined;
      }
      const m = re.exec(qname);
      if (!m) return undefined;
      // CoreDNS replaces {N} with the Nth capture group.
      return toFqdn(to.replace(/\{(\d+)\}/g, (_, i: string) => m[Number(i)] ?? ''));
    }
    default:
      return undefined;
  }
}

function hostsLookup(stage: Stage, qname: string, qtype: string, files: Record<string, string>): { found: PredictedRecord[]; other: boolean; known: boolean } {
  const cfg = stage.hosts!;
  const entries = [...cfg.entries];
  let known = true;
  const fileText = files[cfg.file];
  if (fileText !== undefined) pushAll(entries, parseHostsText(fileText));
  else if (cfg.file !== '/etc/hosts') known = false; // a file we were not given
  const v4: string[] = [];
  const v6: string[] = [];
  for (const e of entries) {
    if (!e.names.includes(qname)) continue;
    (e.address.includes(':') ? v6 : v4).push(e.address);
  }
  const want = qtype === 'AAAA' ? v6 : qtype === 'A' ? v4 : [];
  return {
    found: want.map((data) => ({ name: qname, type: qtype, ttl: cfg.ttl, data })),
    other: v4.length + v6.length > 0,
    known,
  };
}

function templateMatch(cfg: TemplateConfig, qname: string, qtype: string): { match: boolean; zoneMatch: boolean } {
  if (!coversZone(cfg.zones, qname)) return { match: false, zoneMatch: false };
  if (cfg.qtype !== 'ANY' && cfg.qtype !== qtype) return { match: false, zoneMatch: false };
  const regexes = cfg.match.length ? cfg.match : ['.*'];
  for (const r of regexes) {
    try {
      if (new RegExp(r).test(qname)) return { match: true, zoneMatch: true };
    } catch {
      /* an invalid regex is a lint error; it never matches */
    }
  }
  return { match: false, zoneMatch: true };
}

function templateRecords(cfg: TemplateConfig, qname: string, qtype: string): PredictedRecord[] {
  const out: PredictedRecord[] = [];
  for (const line of cfg.answer) {
    const text = line.replace(/\{\{\s*\.Name\s*\}\}/g, qname).replace(/\{\{\s*\.Type\s*\}\}/g, qtype).replace(/\{\{\s*\.Class\s*\}\}/g, 'IN');
    const parts = text.trim().split(/\s+/);
    // NAME [TTL] [CLASS] TYPE DATA...
    const name = toFqdn(parts.shift() ?? qname);
    let ttl = 3600;
    if (parts[0] && /^\d+$/.test(parts[0])) ttl = Number(parts.shift());
    if (parts[0] && /^(IN|CH|HS)$/i.test(parts[0])) parts.shift();
    const type = (parts.shift() ?? '').toUpperCase();
    out.push({ name, type, ttl, data: parts.join(' ') });
  }
  return out;
}

/** Predicts the answer to `qname`/`qtype` (qname an FQDN). */
export function predictQuery(ctx: PredictContext, qname: string, qtype: string): Prediction {
  const trace: string[] = [];
  const route = routeQuery(ctx.corefile, qname, ctx.port ?? 53);
  if (!route) {
    trace.push(`no server block serves ${qname} on port ${ctx.port ?? 53}: CoreDNS answers REFUSED`);
    return { status: 'REFUSED', answers: [], trace };
  }
  const server = route.label;
  trace.push(`server block ${server}`);
  let name = qname;
  let rewrittenTo: string | undefined;
  const files = ctx.files ?? {};
  for (const stage of stagesOf(route.block, route, ctx.corednsVersion)) {
    const base = { server, plugin: stage.plugin, ...(rewrittenTo ? { rewrittenTo } : {}) };
    switch (stage.plugin) {
      case 'rewrite': {
        const r = applyNameRewrites(stage.rewrite ?? [], name);
        if (r.rule) {
          trace.push(`rewrite: ${name} → ${r.name}`);
          name = r.name;
          rewrittenTo = name;
        }
        continue;
      }
      case 'hosts': {
        const cfg = stage.hosts!;
        if (!coversZone(cfg.zones, name)) continue;
        const h = hostsLookup(stage, name, qtype, files);
        if (h.found.length > 0) {
          trace.push(`hosts: ${name} has ${h.found.map((r) => r.data).join(', ')}`);
          return { ...base, status: 'NOERROR', answers: h.found, trace };
        }
        if (h.other) {
          trace.push(`hosts: ${name} has no ${qtype} record but has others`);
          return { ...base, status: 'NODATA', answers: [], trace };
        }
        if (fallsThrough(cfg.fallthrough, name)) {
          trace.push(`hosts: no entry for ${name}, fallthrough`);
          continue;
        }
        if (!h.known) {
          trace.push(`hosts: file ${cfg.file} was not available, so whether it lists ${name} is unknown`);
          return { ...base, status: null, answers: [], trace };
        }
        trace.push(`hosts: no entry for ${name} and no fallthrough: CoreDNS answers SERVFAIL`);
        return { ...base, status: 'SERVFAIL', answers: [], trace };
      }
      case 'template': {
        const cfg = stage.template!;
        const m = templateMatch(cfg, name, qtype);
        if (m.match) {
          const answers = templateRecords(cfg, name, qtype);
          const rcode = cfg.rcode.toUpperCase();
          trace.push(`template: ${name} matches, rcode ${rcode}`);
          const status: PredictedStatus =
            rcode === 'NXDOMAIN' ? 'NXDOMAIN' : rcode === 'SERVFAIL' ? 'SERVFAIL' : answers.length ? 'NOERROR' : 'NODATA';
          return { ...base, status, answers, trace };
        }
        if (m.zoneMatch && !fallsThrough(cfg.fallthrough, name)) {
          trace.push(`template: zone matches but no regex does, and no fallthrough: NXDOMAIN`);
          return { ...base, status: 'NXDOMAIN', answers: [], trace };
        }
        continue;
      }
      case 'kubernetes': {
        const opts = stage.kubernetes!;
        if (!coversZone(opts.zones, name)) continue;
        const a = ctx.kubernetes(name, qtype, opts);
        if (a.rcode === null) {
          trace.push(`kubernetes: ${a.reason}`);
          continue;
        }
        const answers = a.answers.map(({ name: n, type, ttl, data }) => ({ name: n, type, ttl, data }));
        if (a.upstream) {
          // plugin/kubernetes answers the Service's name itself: NOERROR with the CNAME, whatever the
          // target gives (plugin/backend_lookup.go A/AAAA: the target is looked up through
          // plugin/pkg/upstream and its records, if any, are appended after the CNAME).
          trace.push(`kubernetes: ${a.reason}; NOERROR with the CNAME; CoreDNS resolves ${a.upstream.name} through its upstream`);
          return { ...base, status: 'NOERROR', answers, cnameTarget: a.upstream.name, trace };
        }
        const status: PredictedStatus = a.rcode === 'NOERROR' ? (a.nodata ? 'NODATA' : 'NOERROR') : a.rcode;
        trace.push(`kubernetes: ${status} (${a.reason})`);
        return { ...base, status, answers, trace };
      }
      case 'forward': {
        const cfg = stage.forward!;
        if (!isSubdomain(name, cfg.from) || cfg.except.some((e) => isSubdomain(name, e))) continue;
        trace.push(`forward: ${name} goes to ${cfg.to.join(' ')}; the answer depends on the upstream`);
        return { ...base, status: null, answers: [], upstreams: cfg.to, trace };
      }
      case 'file':
      case 'auto':
      case 'secondary':
      case 'etcd':
      case 'k8s_external':
      case 'erratic':
      case 'whoami':
      case 'chaos':
      case 'dns64':
      case 'grpc':
      case 'clouddns':
      case 'route53':
      case 'azure':
      case 'federation':
      case 'proxy': {
        const zones = stage.directive.args.map((a) => a.text).filter((t) => !t.startsWith('/') && !t.includes('{'));
        if (stage.plugin === 'file' || stage.plugin === 'secondary' || stage.plugin === 'k8s_external' || stage.plugin === 'etcd' || stage.plugin === 'chaos') {
          const zoneArgs = stage.plugin === 'file' ? zones.slice(1) : zones;
          const served = zoneArgs.length ? zoneArgs.map((z) => toFqdn(z)) : route.block.keys.flatMap((k) => k.zones);
          if (!coversZone(served, name)) continue;
        }
        trace.push(`${stage.plugin}: answers ${name}; its data is not visible to kubectl-dns`);
        return { ...base, status: null, answers: [], trace };
      }
      default:
        if (PASS_THROUGH.has(stage.plugin)) continue;
        trace.push(`${stage.plugin}: not modelled; the answer cannot be predicted`);
        return { ...base, status: null, answers: [], trace };
    }
  }
  trace.push('no plugin answered: CoreDNS answers SERVFAIL ("no next plugin found")');
  return { server, status: 'SERVFAIL', answers: [], trace, ...(rewrittenTo ? { rewrittenTo } : {}) };
}
