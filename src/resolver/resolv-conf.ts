/**
 * resolv.conf as the C library inside a container reads it.
 *
 * glibc (resolv/res_init.c, man 5 resolv.conf): a keyword must start the line; lines starting
 * with '#' or ';' are comments; `nameserver` lines accumulate up to MAXNS (3), each one IPv4 or
 * IPv6 address (others are ignored); `search` and `domain` replace each other — the last one in
 * the file wins, `domain X` meaning `search X`; `options` lines apply in order (ndots capped at 15,
 * timeout at 30, attempts at 5); unknown keywords and options are ignored.
 * musl (src/network/resolvconf.c) differs where LIBC says: lines longer than 254 characters are
 * skipped, only ndots/timeout/attempts are understood, invalid numbers are ignored.
 */
import { LIBC, type LibcFlavour } from './libc.ts';

export interface ResolvOption {
  name: string;
  value?: string;
}

export interface ResolvConfProblem {
  /** 1-based line in the file. */
  line: number;
  message: string;
}

export interface ResolvConf {
  /** The nameservers the library uses (at most 3), in file order. */
  nameservers: string[];
  /** Nameserver lines beyond the library's limit: listed but never asked. */
  ignoredNameservers: string[];
  /** The search list in effect (from the last `search` or `domain` line), without trailing dots. */
  search: string[];
  /** Which line kind set `search`. */
  searchFrom: 'search' | 'domain' | 'none';
  ndots: number;
  timeoutSeconds: number;
  attempts: number;
  /** Every option from every `options` line, in file order (later ones override earlier ones). */
  options: ResolvOption[];
  problems: ResolvConfProblem[];
}

type NumericOption = 'ndots' | 'timeout' | 'attempts';

const NUMERIC_LIMITS: Record<NumericOption, (f: LibcFlavour) => { default: number; max: number }> = {
  ndots: (f) => LIBC[f].ndots,
  timeout: (f) => LIBC[f].timeoutSeconds,
  attempts: (f) => LIBC[f].attempts,
};

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for an IPv4 or IPv6 address as inet_pton accepts it (IPv6 may carry a %zone). */
export function isIpAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  const [addr, zone, ...rest] = text.split('%');
  if (addr === undefined || rest.length > 0 || zone === '') return false;
  return isIpv6(addr);
}

function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] | null => {
    if (part === '') return [];
    const g = part.split(':');
    return g.every((x) => x !== '') ? g : null;
  };
  const parts = halves.map(groups);
  if (parts.some((p) => p === null)) return false;
  const all = (parts as string[][]).flat();
  let count = 0;
  for (const [i, g] of all.entries()) {
    if (g.includes('.')) {
      if (i !== all.length - 1 || !IPV4.test(g)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

/** `name:value` or a bare flag. */
function parseOption(token: string): ResolvOption {
  const colon = token.indexOf(':');
  return colon === -1 ? { name: token } : { name: token.slice(0, colon), value: token.slice(colon + 1) };
}

/** Applies one numeric option the way the flavour does; returns the new value or a problem. */
function numericOption(
  name: NumericOption,
  value: string | undefined,
  flavour: LibcFlavour,
): { value?: number; problem?: string } {
  const limits = NUMERIC_LIMITS[name](flavour);
  const digits = /^\d+/.exec(value ?? '')?.[0];
  if (digits === undefined) {
    // glibc uses atoi(): garbage reads as 0. musl uses strtoul and ignores a value without digits.
    if (flavour === 'musl') return { problem: `options ${name}:${value ?? ''} is not a number and is ignored.` };
    return { value: 0, problem: `options ${name}:${value ?? ''} is not a number; glibc reads it as 0.` };
  }
  const n = Number(digits);
  if (n > limits.max) return { value: limits.max, problem: `options ${name}:${n} is above the maximum ${limits.max} and is capped.` };
  return { value: n };
}

/** Parses the text of a resolv.conf the way `flavour`'s res_init does. Never throws. */
export function parseResolvConf(text: string, flavour: LibcFlavour = 'glibc'): ResolvConf {
  const libc = LIBC[flavour];
  const conf: ResolvConf = {
    nameservers: [],
    ignoredNameservers: [],
    search: [],
    searchFrom: 'none',
    ndots: libc.ndots.default,
    timeoutSeconds: libc.timeoutSeconds.default,
    attempts: libc.attempts.default,
    options: [],
    problems: [],
  };
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    applyLine(conf, raw, index + 1, flavour);
  }
  if (conf.nameservers.length === 0) {
    conf.problems.push({ line: 0, message: 'No usable nameserver line: the C library then asks 127.0.0.1.' });
  }
  return conf;
}

function applyLine(conf: ResolvConf, raw: string, line: number, flavour: LibcFlavour): void {
  const libc = LIBC[flavour];
  if (raw === '' || raw.startsWith('#') || raw.startsWith(';')) return;
  if (libc.maxLineChars !== null && raw.length > libc.maxLineChars) {
    conf.problems.push({ line, message: `Line is longer than ${libc.maxLineChars} characters; ${flavour} skips it entirely.` });
    return;
  }
  const fields = raw.trim().split(/[ \t]+/);
  const keyword = fields[0] ?? '';
  const args = fields.slice(1);
  if (/^[ \t]/.test(raw)) {
    if (raw.trim() !== '') conf.problems.push({ line, message: 'Line starts with white space; the keyword must start the line, so it is ignored.' });
    return;
  }
  switch (keyword) {
    case 'nameserver':
      return applyNameserver(conf, args, line, flavour);
    case 'search':
    case 'domain':
      return applySearch(conf, keyword, args, line, flavour);
    case 'options':
      return applyOptions(conf, args, line, flavour);
    case 'sortlist':
      return;
    default:
      conf.problems.push({ line, message: `Unknown keyword "${keyword}" is ignored.` });
  }
}

function applyNameserver(conf: ResolvConf, args: string[], line: number, flavour: LibcFlavour): void {
  const address = args[0];
  if (address === undefined || !isIpAddress(address)) {
    conf.problems.push({ line, message: `nameserver "${address ?? ''}" is not an IP address and is ignored.` });
    return;
  }
  if (conf.nameservers.length >= LIBC[flavour].maxNameservers) {
    conf.ignoredNameservers.push(address);
    conf.problems.push({
      line,
      message: `nameserver ${address} is ignored: ${flavour} uses only the first ${LIBC[flavour].maxNameservers} nameservers.`,
    });
    return;
  }
  conf.nameservers.push(address);
}

function applySearch(conf: ResolvConf, keyword: 'search' | 'domain', args: string[], line: number, flavour: LibcFlavour): void {
  // `domain` takes one name; glibc reads only the first word.
  const names = (keyword === 'domain' ? args.slice(0, 1) : args).map((d) => (d.length > 1 ? d.replace(/\.$/, '') : d));
  if (conf.searchFrom !== 'none') {
    conf.problems.push({ line, message: `This ${keyword} line replaces the earlier ${conf.searchFrom} line: only the last one counts.` });
  }
  const max = LIBC[flavour].maxSearchChars;
  const joined = args.join(' ');
  if (max !== null && joined.length > max) {
    conf.problems.push({ line, message: `Search line is longer than ${max} characters; ${flavour} ignores it.` });
    return;
  }
  conf.search = names;
  conf.searchFrom = keyword;
}

function applyOptions(conf: ResolvConf, args: string[], line: number, flavour: LibcFlavour): void {
  const known = LIBC[flavour].knownOptions;
  for (const token of args) {
    const option = parseOption(token);
    conf.options.push(option);
    if (!known.includes(option.name)) {
      conf.problems.push({ line, message: `options ${option.name} is not understood by ${flavour} and is ignored.` });
      continue;
    }
    if (option.name === 'ndots' || option.name === 'timeout' || option.name === 'attempts') {
      const result = numericOption(option.name, option.value, flavour);
      if (result.problem !== undefined) conf.problems.push({ line, message: result.problem });
      if (result.value === undefined) continue;
      if (option.name === 'ndots') conf.ndots = result.value;
      // res_send waits at least one second per try, whatever timeout says.
      else if (option.name === 'timeout') conf.timeoutSeconds = Math.max(1, result.value);
      else conf.attempts = result.value;
    }
  }
}

/** The value in effect of an option (the last one given), or undefined when absent. */
export function optionValue(conf: Pick<ResolvConf, 'options'>, name: string): ResolvOption | undefined {
  return conf.options.findLast((o) => o.name === name);
}

/** True when a flag option (rotate, single-request, use-vc, ...) is set. */
export function hasOption(conf: Pick<ResolvConf, 'options'>, name: string): boolean {
  return optionValue(conf, name) !== undefined;
}

/**
 * Writes a resolv.conf as containerd's CRI plugin does for a pod sandbox
 * (pkg/cri/server/sandbox_run*.go parseDNSOptions): search, then one nameserver line each, then options.
 */
export function formatResolvConf(input: { nameservers: readonly string[]; search: readonly string[]; options: readonly string[] }): string {
  let text = '';
  if (input.search.length > 0) text += `search ${input.search.join(' ')}\n`;
  for (const ns of input.nameservers) text += `nameserver ${ns}\n`;
  if (input.options.length > 0) text += `options ${input.options.join(' ')}\n`;
  return text;
}
