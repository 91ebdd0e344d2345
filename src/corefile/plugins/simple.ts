/**
 * Parsers for the small plugins of a Kubernetes Corefile, each a few lines, following
 * their setup.go: errors, log, health, ready, prometheus, reload, loop, loadbalance,
 * bind, and the argument-less ones (whoami, any, minimal, ...).
 */
import type { Directive } from '../ast.ts';
import { walkBlock } from './block.ts';
import { goRegexpError, isIpAddress, parseDuration, splitHostPort, atoi } from './go-values.ts';
import { argCount, badValue, hasError, propertyArgCount, unknownProperty } from './problems.ts';
import type { PluginContext, PluginParseResult, PropertySpec, SpecProblem } from './types.ts';
import { compareVersions } from '../coredns-versions.ts';

function result<C>(problems: SpecProblem[], config: C): PluginParseResult<C> {
  return hasError(problems) ? { problems } : { problems, config };
}

/** `NAME` with no arguments and no block (whoami, any, minimal, loop, ...). */
export function parseNoArgs(d: Directive): PluginParseResult<Record<string, never>> {
  const problems: SpecProblem[] = [];
  if (d.args.length) problems.push(argCount(d.name, `${d.name.text} takes no arguments.`));
  if (d.block) problems.push(argCount(d.name, `${d.name.text} takes no block.`));
  return result(problems, {});
}

/** Checks a listen address as `net.Listen` would get it: `[HOST]:PORT` or empty. */
function checkListenAddress(text: string): string | undefined {
  const { host, port } = splitHostPort(text);
  if (port === undefined) return `missing port in address '${text}'`;
  if (port !== '' && !/^\d+$/.test(port)) return `invalid port in address '${text}'`;
  if (host !== '' && !isIpAddress(host) && !/^[a-z0-9.-]+$/i.test(host)) return `invalid host in address '${text}'`;
  return undefined;
}

export interface AddressConfig {
  address?: string;
  lameduckMs?: number;
}

/** `health [ADDRESS] { lameduck DURATION }` */
export const HEALTH_PROPERTIES: readonly PropertySpec[] = [{ name: 'lameduck', syntax: 'lameduck DURATION' }];

export function parseHealth(d: Directive, ctx: PluginContext): PluginParseResult<AddressConfig> {
  const problems: SpecProblem[] = [];
  if (d.args.length > 1) problems.push(argCount(d.name));
  const config: AddressConfig = {};
  const addr = d.args[0];
  if (addr) {
    const err = checkListenAddress(addr.text);
    if (err) problems.push(badValue(addr, `health: ${err}.`, 'Write it as :8080 or 127.0.0.1:8080.'));
    else config.address = addr.text;
  }
  walkBlock('health', d, HEALTH_PROPERTIES, {
    lameduck: (p, s: AddressConfig, ps) => {
      if (p.args.length !== 1) return void ps.push(propertyArgCount(p.name));
      const ms = parseDuration(p.args[0]!.text);
      if (ms === undefined) ps.push(badValue(p.args[0]!, `Unable to parse lameduck duration value: '${p.args[0]!.text}'.`, 'Write a Go duration such as 5s.'));
      else s.lameduckMs = ms;
    },
  }, config, ctx, problems);
  return result(problems, config);
}

/** `ready [ADDRESS]` and `prometheus [ADDRESS]`: one optional listen address, no block. */
export function parseAddressOnly(d: Directive): PluginParseResult<AddressConfig> {
  const problems: SpecProblem[] = [];
  if (d.args.length > 1) problems.push(argCount(d.name));
  if (d.block) problems.push(argCount(d.name, `${d.name.text} takes no block.`));
  const addr = d.args[0];
  const config: AddressConfig = {};
  if (addr) {
    const err = checkListenAddress(addr.text);
    if (err) problems.push(badValue(addr, `${d.name.text}: ${err}.`, 'Write it as :9153 or 0.0.0.0:9153.'));
    else config.address = addr.text;
  }
  return result(problems, config);
}

/**
 * `ready [ADDRESS] { monitor until-ready|continuously }` (plugin/ready/setup.go): 1.14.3 skips
 * other block lines silently, 1.15.0 refuses them ("unknown property").
 */
export const READY_PROPERTIES: readonly PropertySpec[] = [{ name: 'monitor', syntax: 'monitor until-ready|continuously' }];

export function parseReady(d: Directive, ctx: PluginContext): PluginParseResult<AddressConfig> {
  const { problems, config } = parseAddressOnly({ name: d.name, args: d.args });
  const strict = compareVersions(ctx.corednsVersion, '1.15.0') >= 0;
  const known = d.block && !strict ? { ...d, block: { ...d.block, directives: d.block.directives.filter((x) => x.name.text === 'monitor') } } : d;
  walkBlock('ready', known, READY_PROPERTIES, {
    monitor: (p, _s, ps) => {
      if (p.args.length !== 1) return void ps.push(propertyArgCount(p.name));
      const a = p.args[0]!;
      if (a.text !== 'until-ready' && a.text !== 'continuously') ps.push(badValue(a, `monitor type '${a.text}' not supported.`, 'Use until-ready or continuously.'));
    },
  }, {}, ctx, problems);
  return result(problems, config ?? {});
}

/**
 * `local { localhost_prefix on|off }` (plugin/local/setup.go): 1.15.0 parses its line and block;
 * 1.14.3's setup reads nothing at all, so any arguments or block are ignored there.
 */
export function parseLocal(d: Directive, ctx: PluginContext): PluginParseResult<Record<string, never>> {
  const problems: SpecProblem[] = [];
  if (compareVersions(ctx.corednsVersion, '1.15.0') < 0) return { problems, config: {} };
  if (d.args.length) problems.push(argCount(d.name, 'local takes no arguments.'));
  walkBlock('local', d, [{ name: 'localhost_prefix', syntax: 'localhost_prefix on|off', addedIn: '1.15.0' }], {
    localhost_prefix: (p, _s, ps) => {
      if (p.args.length !== 1) return void ps.push(propertyArgCount(p.name));
      const a = p.args[0]!;
      if (a.text !== 'on' && a.text !== 'off') ps.push(badValue(a, `localhost_prefix expects 'on' or 'off', got "${a.text}".`));
    },
  }, {}, ctx, problems);
  return result(problems, {});
}

/** `prometheus [ADDRESS] { runtime_metrics; tls CONFIG_FILE }` (the block is in the current README). */
export const PROMETHEUS_PROPERTIES: readonly PropertySpec[] = [
  { name: 'runtime_metrics', syntax: 'runtime_metrics' },
  { name: 'tls', syntax: 'tls CONFIG_FILE' },
];

export function parsePrometheus(d: Directive, ctx: PluginContext): PluginParseResult<AddressConfig> {
  const { problems, config } = parseAddressOnly({ name: d.name, args: d.args });
  walkBlock('prometheus', d, PROMETHEUS_PROPERTIES, {
    runtime_metrics: (p, _s, ps) => {
      if (p.args.length) ps.push(propertyArgCount(p.name));
    },
    tls: (p, _s, ps) => {
      if (p.args.length !== 1) ps.push(propertyArgCount(p.name));
    },
  }, {}, ctx, problems);
  return result(problems, config ?? {});
}

/** `errors { stacktrace; consolidate DURATION REGEXP [LEVEL] }` */
export const ERRORS_PROPERTIES: readonly PropertySpec[] = [
  { name: 'consolidate', syntax: 'consolidate DURATION REGEXP [LEVEL] [show_first]' },
  { name: 'stacktrace', syntax: 'stacktrace' },
];

const LOG_LEVELS = ['warning', 'error', 'info', 'debug'];

export function parseErrors(d: Directive, ctx: PluginContext): PluginParseResult<{ consolidate: string[] }> {
  const problems: SpecProblem[] = [];
  if (d.args.length) problems.push(argCount(d.name, 'errors takes no arguments; options go in a block.'));
  const config = { consolidate: [] as string[] };
  walkBlock('errors', d, ERRORS_PROPERTIES, {
    stacktrace: (p, _s, ps) => {
      if (p.args.length) ps.push(propertyArgCount(p.name));
    },
    consolidate: (p, s: { consolidate: string[] }, ps) => {
      // Newer releases take a trailing `show_first` (log the first error at once).
      const args = p.args.length > 2 && p.args[p.args.length - 1]!.text === 'show_first' ? p.args.slice(0, -1) : p.args;
      if (args.length < 2 || args.length > 3) return void ps.push(propertyArgCount(p.name, 'consolidate DURATION REGEXP [LEVEL] [show_first]'));
      if (parseDuration(p.args[0]!.text) === undefined) return void ps.push(badValue(p.args[0]!, `consolidate: '${p.args[0]!.text}' is not a duration.`));
      const reErr = goRegexpError(p.args[1]!.text);
      if (reErr) return void ps.push(badValue(p.args[1]!, `consolidate: '${p.args[1]!.text}' is not a valid regular expression (${reErr}).`));
      const level = args[2];
      if (level && !LOG_LEVELS.includes(level.text)) return void ps.push(badValue(level, `Unknown log level '${level.text}'.`, `Use one of ${LOG_LEVELS.join(', ')}.`));
      s.consolidate.push(p.args[1]!.text);
    },
  }, config, ctx, problems);
  return result(problems, config);
}

/** `log [NAMES...] [FORMAT] { class CLASSES... }` */
export const LOG_PROPERTIES: readonly PropertySpec[] = [
  { name: 'class', syntax: 'class all|denial|error|success...' },
  // No minDuration: some README revisions document it, but neither 1.14.3's nor 1.15.0's setup.go has it.
];
const LOG_CLASSES = ['all', 'denial', 'error', 'success'];

export function parseLog(d: Directive, ctx: PluginContext): PluginParseResult<{ classes: string[] }> {
  const problems: SpecProblem[] = [];
  // setup.go: any number of NAMES; a last argument containing '{' is the FORMAT.
  const config = { classes: [] as string[] };
  walkBlock('log', d, LOG_PROPERTIES, {
    class: (p, s: { classes: string[] }, ps) => {
      if (p.args.length === 0) return void ps.push(propertyArgCount(p.name));
      for (const a of p.args) {
        if (!LOG_CLASSES.includes(a.text)) ps.push(badValue(a, `Unknown class '${a.text}'.`, `Use ${LOG_CLASSES.join(', ')}.`));
        else s.classes.push(a.text);
      }
    },
  }, config, ctx, problems);
  return result(problems, config);
}

/** `reload [INTERVAL] [JITTER]`: interval >= 2s, jitter >= 1s and < interval/2. */
export function parseReload(d: Directive): PluginParseResult<{ intervalMs: number; jitterMs: number }> {
  const problems: SpecProblem[] = [];
  const config = { intervalMs: 30_000, jitterMs: 15_000 };
  if (d.args.length > 2) problems.push(argCount(d.name));
  if (d.block) problems.push(argCount(d.name, 'reload takes no block.'));
  const [i, j] = d.args;
  if (i) {
    const ms = parseDuration(i.text);
    if (ms === undefined || ms < 2000) problems.push(badValue(i, `Interval value must be greater or equal to 2s, not '${i.text}'.`));
    else config.intervalMs = ms;
  }
  if (j) {
    const ms = parseDuration(j.text);
    if (ms === undefined || ms < 1000) problems.push(badValue(j, `Jitter value must be greater or equal to 1s, not '${j.text}'.`));
    else config.jitterMs = ms;
  } else if (i) config.jitterMs = config.intervalMs / 2;
  if (!hasError(problems) && config.jitterMs > config.intervalMs / 2) {
    problems.push(badValue(j ?? d.name, 'Jitter value must be smaller than half of the interval.'));
  }
  return result(problems, config);
}

/**
 * `loadbalance [round_robin | weighted WEIGHTFILE] { reload DURATION; prefer CIDR... }`:
 * `reload` belongs to weighted, `prefer` to both (setup.go of 1.14.3 and 1.15.0; the
 * `limit_answers` some README revisions show is not in either: CoreDNS refuses it).
 */
const LOADBALANCE_PROPERTIES: readonly PropertySpec[] = [
  { name: 'reload', syntax: 'reload DURATION' },
  { name: 'prefer', syntax: 'prefer CIDR...' },
];

export function parseLoadbalance(d: Directive, ctx: PluginContext): PluginParseResult<{ policy: string }> {
  const problems: SpecProblem[] = [];
  const policy = d.args[0]?.text ?? 'round_robin';
  if (policy === 'round_robin') {
    if (d.args.length > 1) problems.push(argCount(d.args[1]!, 'round_robin takes no further argument.'));
  } else if (policy === 'weighted') {
    if (d.args.length < 2) problems.push(argCount(d.args[0]!, 'weighted needs a weight file.'));
    else if (d.args.length > 2) problems.push(argCount(d.args[2]!, 'weighted takes one weight file.'));
  } else {
    problems.push(badValue(d.args[0]!, `Unknown policy: ${policy}.`, 'Use round_robin or weighted.'));
  }
  walkBlock('loadbalance', d, LOADBALANCE_PROPERTIES, {
    reload: (p, _s, ps) => {
      if (policy !== 'weighted') return void ps.push(unknownProperty(p.name, 'loadbalance round_robin', LOADBALANCE_PROPERTIES.filter((x) => x.name !== 'reload')));
      if (p.args.length !== 1) return void ps.push(propertyArgCount(p.name));
      if (parseDuration(p.args[0]!.text) === undefined) ps.push(badValue(p.args[0]!, `reload: '${p.args[0]!.text}' is not a duration.`));
    },
    prefer: (p, _s, ps) => {
      for (const a of p.args) {
        const [ip, bits, extra] = a.text.split('/');
        const max = ip && isIpAddress(ip) ? (ip.includes(':') ? 128 : 32) : -1;
        const n = bits === undefined ? undefined : atoi(bits);
        if (extra !== undefined || n === undefined || n < 0 || n > max) ps.push(badValue(a, `prefer: '${a.text}' is not a CIDR.`, 'Write e.g. 10.0.0.0/8.'));
      }
    },
  }, {}, ctx, problems);
  return result(problems, { policy });
}

/** `bind ADDRESS|IFACE ... { except ADDRESS|IFACE... }` */
export function parseBind(d: Directive, ctx: PluginContext): PluginParseResult<{ addresses: string[]; except: string[] }> {
  const problems: SpecProblem[] = [];
  const config = { addresses: d.args.map((a) => a.text), except: [] as string[] };
  if (d.args.length === 0 && !d.block) problems.push(argCount(d.name, 'Give at least one address or interface name.'));
  walkBlock('bind', d, [{ name: 'except', syntax: 'except ADDRESS...' }], {
    except: (p, s: typeof config, ps) => {
      if (p.args.length === 0) return void ps.push(propertyArgCount(p.name));
      for (const a of p.args) {
        // setup.go resolves each argument as an IP or, failing that, an interface name.
        if (!isIpAddress(a.text) && !/^[\w.:@-]{1,15}$/.test(a.text)) ps.push(badValue(a, `bind except: '${a.text}' is neither an IP address nor an interface name.`));
        else s.except.push(a.text);
      }
    },
  }, config, ctx, problems);
  return result(problems, config);
}

/** `dns64 [PREFIX]`, `bufsize [SIZE]`: kept here because they take one small value. */
export function parseBufsize(d: Directive): PluginParseResult<{ size: number }> {
  const problems: SpecProblem[] = [];
  let size = 1232;
  if (d.args.length > 1) problems.push(argCount(d.name));
  const a = d.args[0];
  if (a) {
    const n = atoi(a.text);
    if (n === undefined || n < 512 || n > 4096) problems.push(badValue(a, `bufsize must be within 512 - 4096, not '${a.text}'.`));
    else size = n;
  }
  return result(problems, { size });
}
