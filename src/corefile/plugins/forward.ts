/**
 * The `forward` plugin (plugin/forward/setup.go, parseStanza / parseBlock).
 *
 *   forward FROM TO... {
 *     except IGNORED_NAMES... | force_tcp | prefer_udp | expire DURATION | max_fails INTEGER
 *     tls [CERT KEY CA] | tls_servername NAME | policy random|round_robin|sequential
 *     health_check DURATION [no_rec] [domain FQDN] | max_concurrent MAX | next RCODE...
 *     failfast_all_unhealthy_upstreams | failover RCODE... | ...
 *   }
 */
import type { Directive } from '../ast.ts';
import { compareVersions, NEWEST_COREDNS } from '../coredns-versions.ts';
import { argTexts, walkBlock, type PropertyHandler } from './block.ts';
import { atoi, isDomainName, isIpHostPort, normalizeZone, normalizeZones, parseDuration, parseUint, splitTransport } from './go-values.ts';
import { argCount, badValue, hasError, propertyArgCount } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';
import { pushAll } from '../../shared/array.ts';

/** Maximum number of upstreams (const max in forward/setup.go). */
export const FORWARD_MAX_UPSTREAMS = 15;

/**
 * Host names, https:// and quic:// as TO, and the resolver option: plugin/forward/setup.go of
 * 1.15.0 (classifyToAddrs, allowedTrans dns/tls/quic/https); 1.14.3 still takes only IP
 * addresses and files (parse.HostPortOrFile) over dns:// and tls://.
 */
const HOSTNAME_TO_SINCE = '1.15.0';

export const FORWARD_PROPERTIES: readonly PropertySpec[] = [
  { name: 'except', syntax: 'except IGNORED_NAMES...' },
  { name: 'force_tcp', syntax: 'force_tcp' },
  { name: 'prefer_udp', syntax: 'prefer_udp' },
  { name: 'expire', syntax: 'expire DURATION' },
  { name: 'max_fails', syntax: 'max_fails INTEGER' },
  { name: 'tls', syntax: 'tls [CERT KEY CA]' },
  { name: 'tls_servername', syntax: 'tls_servername NAME' },
  { name: 'policy', syntax: 'policy random|round_robin|sequential' },
  { name: 'health_check', syntax: 'health_check DURATION [no_rec] [domain FQDN]' },
  { name: 'max_concurrent', syntax: 'max_concurrent MAX' },
  { name: 'next', syntax: 'next RCODE...' },
  { name: 'failfast_all_unhealthy_upstreams', syntax: 'failfast_all_unhealthy_upstreams', addedIn: '1.12.0' },
  { name: 'failover', syntax: 'failover RCODE...' },
  { name: 'max_idle_conns', syntax: 'max_idle_conns INTEGER' },
  { name: 'max_connect_attempts', syntax: 'max_connect_attempts INTEGER' },
  { name: 'read_timeout', syntax: 'read_timeout DURATION', addedIn: '1.15.0' },
  { name: 'source_address', syntax: 'source_address IP', addedIn: '1.15.0' },
  { name: 'doh_method', syntax: 'doh_method GET|POST', addedIn: HOSTNAME_TO_SINCE },
  { name: 'resolver', syntax: 'resolver IP[:PORT]...', addedIn: HOSTNAME_TO_SINCE },
  { name: 'next_on_nodata', syntax: 'next_on_nodata', addedIn: HOSTNAME_TO_SINCE },
];

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE', 'BADSIG', 'BADVERS', 'BADKEY', 'BADTIME', 'BADMODE', 'BADNAME', 'BADALG', 'BADTRUNC', 'BADCOOKIE'];

export type ForwardPolicy = 'random' | 'round_robin' | 'sequential';

export interface ForwardUpstream {
  /** As written, e.g. 'tls://9.9.9.9', '10.0.0.10:53', '/etc/resolv.conf'. */
  text: string;
  transport: string;
  /** True when TO is a resolv.conf-style file whose nameservers are read at start-up. */
  isFile: boolean;
}

export interface ForwardConfig {
  /** FQDN of FROM ('.' for everything). */
  from: string;
  /** TO entries as written. */
  to: string[];
  upstreams: ForwardUpstream[];
  /** `except` names as FQDNs. */
  except: string[];
  policy: ForwardPolicy;
  forceTcp: boolean;
  preferUdp: boolean;
  maxFails: number;
  expireMs: number;
  healthCheckMs: number;
  maxConcurrent?: number;
  tlsServerName?: string;
  /** RCODEs after which the next forward is tried (`next`). */
  next: string[];
  /** RCODEs after which the next upstream is tried (`failover`). */
  failover: string[];
  failfastAllUnhealthyUpstreams: boolean;
}

function defaults(from: string): ForwardConfig {
  return {
    from,
    to: [],
    upstreams: [],
    except: [],
    policy: 'random',
    forceTcp: false,
    preferUdp: false,
    maxFails: 2,
    expireMs: 10_000,
    healthCheckMs: 500,
    next: [],
    failover: [],
    failfastAllUnhealthyUpstreams: false,
  };
}

function single(p: Directive, problems: SpecProblem[]): string | undefined {
  if (p.args.length !== 1) {
    problems.push(propertyArgCount(p.name));
    return undefined;
  }
  return p.args[0]!.text;
}

function none(p: Directive, problems: SpecProblem[]): boolean {
  if (p.args.length) problems.push(propertyArgCount(p.name));
  return p.args.length === 0;
}

function duration(p: Directive, problems: SpecProblem[]): number | undefined {
  const text = single(p, problems);
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) problems.push(badValue(p.args[0]!, `${p.name.text}: '${text}' is not a duration.`, 'Write a Go duration such as 500ms, 5s or 1m.'));
  else if (ms < 0) problems.push(badValue(p.args[0]!, `${p.name.text} can't be negative: ${text}.`));
  else return ms;
  return undefined;
}

function rcodes(p: Directive, problems: SpecProblem[], forbidNoerror: boolean): string[] {
  if (p.args.length === 0) {
    problems.push(propertyArgCount(p.name));
    return [];
  }
  const out: string[] = [];
  for (const a of p.args) {
    const rc = a.text.toUpperCase();
    if (!RCODES.includes(rc)) problems.push(badValue(a, `${p.name.text}: '${a.text}' is not a valid rcode.`, 'Use names like NXDOMAIN, SERVFAIL, REFUSED.'));
    else if (forbidNoerror && rc === 'NOERROR') problems.push(badValue(a, `${p.name.text}: NOERROR cannot be used.`));
    else out.push(rc);
  }
  return out;
}

const HANDLERS: Readonly<Record<string, PropertyHandler<ForwardConfig>>> = {
  except: (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    pushAll(s.except, normalizeZones(argTexts(p)));
  },
  force_tcp: (p, s, problems) => {
    if (none(p, problems)) s.forceTcp = true;
  },
  prefer_udp: (p, s, problems) => {
    if (none(p, problems)) s.preferUdp = true;
  },
  failfast_all_unhealthy_upstreams: (p, s, problems) => {
    if (none(p, problems)) s.failfastAllUnhealthyUpstreams = true;
  },
  next_on_nodata: (p, _s, problems) => void none(p, problems),
  expire: (p, s, problems) => {
    const ms = duration(p, problems);
    if (ms !== undefined) s.expireMs = ms;
  },
  max_fails: (p, s, problems) => {
    const text = single(p, problems);
    if (text === undefined) return;
    const n = parseUint(text, 32);
    if (n === undefined) problems.push(badValue(p.args[0]!, `max_fails '${text}' is not a non-negative integer.`));
    else s.maxFails = n;
  },
  max_idle_conns: (p, _s, problems) => {
    const text = single(p, problems);
    if (text !== undefined && (atoi(text) ?? -1) < 0) problems.push(badValue(p.args[0]!, `max_idle_conns '${text}' is not a non-negative integer.`));
  },
  max_connect_attempts: (p, _s, problems) => {
    const text = single(p, problems);
    if (text !== undefined && parseUint(text, 32) === undefined) problems.push(badValue(p.args[0]!, `max_connect_attempts '${text}' is not a non-negative integer.`));
  },
  doh_method: (p, _s, problems) => {
    const text = single(p, problems);
    if (text !== undefined && !['GET', 'POST'].includes(text.toUpperCase())) problems.push(badValue(p.args[0]!, `doh_method must be GET or POST, not '${text}'.`));
  },
  resolver: (p, _s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    for (const a of p.args) if (!isIpHostPort(a.text)) problems.push(badValue(a, `resolver '${a.text}' is not an IP address or IP:port.`));
  },
  health_check: (p, s, problems) => {
    const first = p.args[0];
    if (!first) return void problems.push(propertyArgCount(p.name));
    const ms = parseDuration(first.text);
    if (ms === undefined) return void problems.push(badValue(first, `health_check: '${first.text}' is not a duration.`));
    if (ms < 0) return void problems.push(badValue(first, `health_check can't be negative: ${first.text}.`));
    s.healthCheckMs = ms;
    for (let i = 1; i < p.args.length; i++) {
      const a = p.args[i]!;
      if (a.text === 'no_rec') continue;
      if (a.text === 'domain') {
        const name = p.args[++i];
        if (!name) return void problems.push(propertyArgCount(a));
        if (!isDomainName(name.text)) problems.push(badValue(name, `health_check: invalid domain name ${name.text}.`));
        continue;
      }
      problems.push(badValue(a, `health_check: unknown option ${a.text}.`, 'Options are no_rec and domain FQDN.'));
    }
  },
  tls: (p, _s, problems) => {
    if (p.args.length > 3) problems.push(propertyArgCount(p.name, 'tls takes at most CERT KEY CA.'));
  },
  tls_servername: (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    s.tlsServerName = p.args[0]!.text;
  },
  policy: (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    const x = p.args[0]!.text;
    if (x === 'random' || x === 'round_robin' || x === 'sequential') s.policy = x;
    else problems.push(badValue(p.args[0]!, `Unknown policy '${x}'.`, 'Use random, round_robin or sequential.'));
  },
  max_concurrent: (p, s, problems) => {
    if (p.args.length === 0) return void problems.push(propertyArgCount(p.name));
    const n = atoi(p.args[0]!.text);
    if (n === undefined) problems.push(badValue(p.args[0]!, `max_concurrent '${p.args[0]!.text}' is not an integer.`));
    else if (n < 0) problems.push(badValue(p.args[0]!, `max_concurrent can't be negative: ${n}.`));
    else s.maxConcurrent = n;
  },
  next: (p, s, problems) => {
    s.next = rcodes(p, problems, false);
  },
  failover: (p, s, problems) => {
    s.failover = rcodes(p, problems, true);
  },
};

function runForward(d: Directive, ctx: PluginContext): { problems: SpecProblem[]; config: ForwardConfig } {
  const problems: SpecProblem[] = [];
  const fromToken = d.args[0];
  if (!fromToken) {
    problems.push(argCount(d.name, 'Write `forward FROM TO...`, e.g. `forward . /etc/resolv.conf`.'));
    return { problems, config: defaults('.') };
  }
  const from = normalizeZone(fromToken.text)[0] ?? '.';
  const config = defaults(from);
  const to = d.args.slice(1);
  if (to.length === 0) problems.push(argCount(fromToken, 'Give at least one upstream after FROM, e.g. `forward . /etc/resolv.conf`.'));
  const hostnames = compareVersions(ctx.corednsVersion, HOSTNAME_TO_SINCE) >= 0;
  const transports = hostnames ? ['dns', 'tls', 'quic', 'https'] : ['dns', 'tls'];
  for (const t of to) {
    const [transport, rest] = splitTransport(t.text);
    const isFile = transport === 'dns' && !isIpHostPort(rest) && rest.includes('/');
    if (!transports.includes(transport)) {
      problems.push(badValue(t, `'${transport}' is not supported as a destination protocol in forward: ${t.text}.`, `Use ${transports.join(':// or ')}://.`));
      continue;
    }
    const hostPart = transport === 'tls' ? (rest.split('%')[0] ?? rest) : rest;
    if (!isFile && !isIpHostPort(hostPart)) {
      const host = hostPart.replace(/:\d+$/, '');
      if (!hostnames || !isDomainName(host) || /^[\d.]+$/.test(host)) {
        problems.push(badValue(t, `'${t.text}' is not an IP address or file.`, 'Give an IP[:port], or a resolv.conf-style file such as /etc/resolv.conf.'));
        continue;
      }
    }
    config.to.push(t.text);
    config.upstreams.push({ text: t.text, transport, isFile });
  }
  if (config.to.length > FORWARD_MAX_UPSTREAMS) {
    problems.push(badValue(to[FORWARD_MAX_UPSTREAMS] ?? d.name, `More than ${FORWARD_MAX_UPSTREAMS} TOs configured: ${config.to.length}.`, 'Keep at most 15 upstreams.'));
  }
  walkBlock('forward', d, FORWARD_PROPERTIES, HANDLERS, config, ctx, problems);
  return { problems, config };
}

export function parseForward(d: Directive, ctx: PluginContext): PluginParseResult<ForwardConfig> {
  const { problems, config } = runForward(d, ctx);
  return hasError(problems) ? { problems } : { problems, config };
}

/** FROM, TO and options of a forward line, judged against the newest CoreDNS (best effort). */
export function forwardConfig(d: Directive): ForwardConfig {
  return runForward(d, { serverZones: ['.'], corednsVersion: NEWEST_COREDNS }).config;
}
