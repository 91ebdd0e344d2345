/**
 * Shell completion for `kubectl dns`, in kubectl's plugin protocol
 * (kubectl/pkg/cmd/plugin/plugin_completion.go): kubectl runs `kubectl_complete-dns` with the
 * words typed after `kubectl dns` plus the word being completed (maybe ""), reads one candidate
 * per line (cobra's `candidate\tdescription` form is allowed) and an optional last line `:N`,
 * a cobra ShellCompDirective. kubectl passes our stderr through to the terminal and sets no
 * timeout, so completion never writes errors and bounds every live lookup.
 *
 * Commands and flags are read from the commander program (buildProgram), never listed here.
 */
import type { Command, Option } from 'commander';
import type { ClusterFlags } from './flags.ts';
import type { CliEnv } from './env.ts';

/** cobra's ShellCompDirective bits (spf13/cobra completions.go). */
export const DIRECTIVE = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  filterFileExt: 8,
  filterDirs: 16,
  keepOrder: 32,
} as const;

export interface Candidate {
  value: string;
  description?: string;
}

export interface Completion {
  candidates: Candidate[];
  directive: number;
}

/** Live answers for flag values; each may fail or time out: it then returns []. */
export interface CompletionLookup {
  contexts(flags: ClusterFlags): Promise<string[]>;
  clusters(flags: ClusterFlags): Promise<string[]>;
  users(flags: ClusterFlags): Promise<string[]>;
  namespaces(flags: ClusterFlags): Promise<string[]>;
  /** Pods of `namespace`, or of the effective namespace (-n, else the context's) when undefined. */
  pods(flags: ClusterFlags, namespace: string | undefined): Promise<string[]>;
}

export const NO_LOOKUP: CompletionLookup = {
  contexts: async () => [],
  clusters: async () => [],
  users: async () => [],
  namespaces: async () => [],
  pods: async () => [],
};

/** What a flag's value is, by its long name; anything else gets no candidates. Data, not code. */
type ValueKind = 'context' | 'cluster' | 'user' | 'namespace' | 'pod' | 'file';
const VALUE_KINDS: Readonly<Record<string, ValueKind>> = {
  context: 'context',
  cluster: 'cluster',
  user: 'user',
  namespace: 'namespace',
  from: 'pod',
  'probe-from': 'pod',
};
/** Option placeholders (`--snapshot <file>`) that name a path: the shell completes files. */
const FILE_PLACEHOLDER = /^[<[](path|file|dir|directory|filename|kubeconfig)(\.\.\.)?[>\]]$/i;

function longName(o: Option): string | undefined {
  return o.long?.replace(/^--/, '');
}

function valueKind(o: Option): ValueKind | undefined {
  const name = longName(o);
  if (name && VALUE_KINDS[name]) return VALUE_KINDS[name];
  const placeholder = o.flags.split(/[ ,|]+/).find((p) => /^[<[]/.test(p));
  if (placeholder && FILE_PLACEHOLDER.test(placeholder)) return 'file';
  return undefined;
}

function takesValue(o: Option): boolean {
  return o.required || o.optional;
}

function visibleOptions(cmd: Command): Option[] {
  return cmd.createHelp().visibleOptions(cmd);
}

function findOption(cmd: Command, word: string): Option | undefined {
  const flag = word.split('=')[0];
  return visibleOptions(cmd).find((o) => o.long === flag || o.short === flag);
}

function findCommand(program: Command, word: string): Command | undefined {
  return program.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

/** The flag values already typed that change live lookups (kubeconfig, context, namespace...). */
function recordFlag(flags: ClusterFlags, o: Option, value: string): void {
  const key = longName(o);
  if (key === 'kubeconfig' || key === 'context' || key === 'cluster' || key === 'user' || key === 'namespace' || key === 'snapshot') {
    flags[key] = value;
  } else if (key === 'request-timeout') flags.requestTimeout = value;
}

function byPrefix(values: Candidate[], prefix: string): Candidate[] {
  return values.filter((c) => c.value.startsWith(prefix));
}

async function flagValues(
  kind: ValueKind | undefined,
  option: Option,
  prefix: string,
  flags: ClusterFlags,
  lookup: CompletionLookup,
): Promise<Completion> {
  if (option.argChoices) {
    return { candidates: byPrefix(option.argChoices.map((v) => ({ value: v })), prefix), directive: DIRECTIVE.noFileComp };
  }
  const plain = (values: string[]): Candidate[] => byPrefix(values.map((value) => ({ value })), prefix);
  switch (kind) {
    case 'file':
      return { candidates: [], directive: DIRECTIVE.default };
    case 'context':
      return { candidates: plain(await lookup.contexts(flags)), directive: DIRECTIVE.noFileComp };
    case 'cluster':
      return { candidates: plain(await lookup.clusters(flags)), directive: DIRECTIVE.noFileComp };
    case 'user':
      return { candidates: plain(await lookup.users(flags)), directive: DIRECTIVE.noFileComp };
    case 'namespace':
      return { candidates: plain(await lookup.namespaces(flags)), directive: DIRECTIVE.noFileComp };
    case 'pod': {
      // --from [NS/]POD: "ns/" picks a namespace, then its pods; a bare word is a pod of the
      // effective namespace, or the start of a namespace.
      const slash = prefix.indexOf('/');
      if (slash >= 0) {
        const ns = prefix.slice(0, slash);
        const pods = await lookup.pods(flags, ns);
        return { candidates: plain(pods.map((p) => `${ns}/${p}`)), directive: DIRECTIVE.noFileComp };
      }
      const [pods, namespaces] = await Promise.all([lookup.pods(flags, undefined), lookup.namespaces(flags)]);
      const candidates = [...plain(pods), ...plain(namespaces.map((n) => `${n}/`))];
      // "ns/" must not get a trailing space, so the user can go on typing the pod name.
      const onlyNamespaces = candidates.length > 0 && candidates.every((c) => c.value.endsWith('/'));
      return {
        candidates,
        directive: DIRECTIVE.noFileComp | (onlyNamespaces ? DIRECTIVE.noSpace : 0),
      };
    }
    default:
      return { candidates: [], directive: DIRECTIVE.noFileComp };
  }
}

function flagCandidates(cmd: Command, used: Set<Option>, prefix: string): Candidate[] {
  const out: Candidate[] = [];
  for (const o of visibleOptions(cmd)) {
    const repeatable = o.variadic || Array.isArray(o.defaultValue);
    if (used.has(o) && !repeatable) continue;
    const description = o.description || undefined;
    for (const name of [o.long, o.short]) {
      // A lone "-" offers both spellings; "--x" only long ones.
      if (name && name.startsWith(prefix) && (name.startsWith('--') || prefix === '-' || prefix === name)) {
        out.push(description ? { value: name, description } : { value: name });
      }
    }
  }
  return out;
}

/**
 * Candidates for `kubectl dns WORDS...`; the last word is the one being completed (maybe "").
 * Pure apart from `lookup`, which the caller bounds in time.
 */
export async function complete(program: Command, words: string[], lookup: CompletionLookup): Promise<Completion> {
  const toComplete = words.length > 0 ? words[words.length - 1]! : '';
  const typed = words.slice(0, -1);
  let cmd: Command = program;
  let sub: Command | undefined;
  const flags: ClusterFlags = {};
  const used = new Set<Option>();
  let pendingValue: Option | undefined;
  let positionals = 0;
  let afterDoubleDash = false;

  for (const word of typed) {
    if (pendingValue) {
      recordFlag(flags, pendingValue, word);
      pendingValue = undefined;
      continue;
    }
    if (!afterDoubleDash && word === '--') {
      afterDoubleDash = true;
      continue;
    }
    if (!afterDoubleDash && word.startsWith('-') && word !== '-') {
      const o = findOption(cmd, word);
      if (!o) continue; // unknown flag: skip it, as cobra does
      used.add(o);
      if (takesValue(o)) {
        const eq = word.indexOf('=');
        if (eq >= 0) recordFlag(flags, o, word.slice(eq + 1));
        else if (o.required) pendingValue = o;
      }
      continue;
    }
    if (!sub) {
      const found = findCommand(program, word);
      if (found) {
        sub = found;
        cmd = found;
        used.clear();
        continue;
      }
    }
    positionals++;
  }

  // The value of a flag: "--output <TAB>" or "--output=<TAB>".
  if (pendingValue) return flagValues(valueKind(pendingValue), pendingValue, toComplete, flags, lookup);
  if (!afterDoubleDash && toComplete.startsWith('--') && toComplete.includes('=')) {
    const o = findOption(cmd, toComplete);
    if (!o || !takesValue(o)) return { candidates: [], directive: DIRECTIVE.noFileComp };
    const head = toComplete.slice(0, toComplete.indexOf('=') + 1);
    const r = await flagValues(valueKind(o), o, toComplete.slice(head.length), flags, lookup);
    return { ...r, candidates: r.candidates.map((c) => ({ ...c, value: head + c.value })) };
  }
  if (!afterDoubleDash && toComplete.startsWith('-')) {
    return { candidates: flagCandidates(cmd, used, toComplete), directive: DIRECTIVE.noFileComp };
  }
  if (!sub) {
    if (positionals > 0) return { candidates: [], directive: DIRECTIVE.noFileComp }; // unknown command
    const commands = cmd
      .createHelp()
      .visibleCommands(cmd)
      .filter((c) => c.name().startsWith(toComplete))
      .map((c) => ({ value: c.name(), description: c.description() }));
    return { candidates: commands, directive: DIRECTIVE.noFileComp };
  }
  // Positional arguments: a command whose argument names a file lets the shell complete files.
  const args = sub.registeredArguments;
  const arg = args[Math.min(positionals, args.length - 1)];
  if (arg && positionals < args.length + (arg.variadic ? Infinity : 0) && /file|path/i.test(arg.name())) {
    return { candidates: [], directive: DIRECTIVE.default };
  }
  return { candidates: [], directive: DIRECTIVE.noFileComp };
}

/** The protocol's text: one candidate per line (`value\tdescription`), then `:directive`. */
export function formatCompletion(c: Completion): string {
  const lines = c.candidates.map((x) =>
    x.description ? `${x.value}\t${x.description.replace(/[\t\n]+/g, ' ')}` : x.value,
  );
  return [...lines, `:${c.directive}`].join('\n') + '\n';
}

/** Resolves to `fallback` when `p` fails or does not settle within `ms`. */
export function withDeadline<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

function namesOf(items: unknown[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const meta = (item as { metadata?: { name?: unknown } } | null)?.metadata;
    if (typeof meta?.name === 'string') out.push(meta.name);
  }
  return out.sort();
}

/**
 * Lookups against the real kubeconfig and API server. Kubeconfig names need no client-node;
 * namespaces and pods load it lazily (src/cluster/client.ts). Every call is bounded by `timeoutMs`
 * in total and by the same limit per request; any failure gives [].
 */
export function liveLookup(env: Record<string, string | undefined>, timeoutMs: number): CompletionLookup {
  const started = Date.now();
  const remaining = (): number => Math.max(1, timeoutMs - (Date.now() - started));
  const kubeconfigNames = async (flags: ClusterFlags, list: 'contexts' | 'clusters' | 'users'): Promise<string[]> => {
    const { existsSync, readFileSync } = await import('node:fs');
    const { kubeconfigPaths, mergeKubeconfigs } = await import('../cluster/kubeconfig.ts');
    const where = kubeconfigPaths(flags, env, existsSync);
    if (!('paths' in where)) return [];
    const files = [];
    for (const path of where.paths) {
      try {
        files.push({ path, text: readFileSync(path, 'utf8') });
      } catch {
        // unreadable file: kubectl would fail too; complete nothing from it
      }
    }
    const merged = mergeKubeconfigs(files);
    return merged.ok ? merged.value[list].map((e) => e.name).sort() : [];
  };
  let client: Promise<import('../cluster/client.ts').ClusterClient | undefined> | undefined;
  const connect = (flags: ClusterFlags) => {
    client ??= (async () => {
      const { connectResult } = await import('../cluster/client.ts');
      const r = await connectResult({ ...flags, requestTimeout: `${remaining()}ms` }, { env });
      return r.ok ? r.value : undefined;
    })();
    return client;
  };
  const bounded = <T>(p: Promise<T>, fallback: T): Promise<T> => withDeadline(p, remaining(), fallback);
  // With --snapshot FILE already typed, namespaces and pods come from that file, as the command will read them.
  let snapshot: Promise<import('../model/view.ts').ClusterView | undefined> | undefined;
  const fromSnapshot = (path: string) => {
    snapshot ??= (async () => {
      const { readSnapshotFile } = await import('../cluster/snapshot.ts');
      const r = await readSnapshotFile(path);
      return r.ok ? r.value.view : undefined;
    })();
    return snapshot;
  };
  return {
    contexts: (flags) => bounded(kubeconfigNames(flags, 'contexts'), []),
    clusters: (flags) => bounded(kubeconfigNames(flags, 'clusters'), []),
    users: (flags) => bounded(kubeconfigNames(flags, 'users'), []),
    namespaces: (flags) =>
      bounded(
        (async () => {
          if (flags.snapshot) {
            const view = await fromSnapshot(flags.snapshot);
            return view ? [...new Set([...view.namespaces.map((n) => n.name), ...view.pods.map((p) => p.namespace)])].sort() : [];
          }
          const c = await connect(flags);
          const r = c ? await c.getJSON('/api/v1/namespaces?limit=500', { timeoutMs: remaining() }) : undefined;
          return r?.ok ? namesOf(((r.value as { items?: unknown[] }).items ?? []) as unknown[]) : [];
        })(),
        [],
      ),
    pods: (flags, namespace) =>
      bounded(
        (async () => {
          if (flags.snapshot) {
            const view = await fromSnapshot(flags.snapshot);
            const ns = namespace ?? flags.namespace ?? 'default';
            return view ? view.pods.filter((p) => p.namespace === ns).map((p) => p.name).sort() : [];
          }
          const c = await connect(flags);
          if (!c) return [];
          const ns = encodeURIComponent(namespace ?? c.namespace);
          const r = await c.getJSON(`/api/v1/namespaces/${ns}/pods?limit=500`, { timeoutMs: remaining() });
          return r.ok ? namesOf(((r.value as { items?: unknown[] }).items ?? []) as unknown[]) : [];
        })(),
        [],
      ),
  };
}

/** Default bound on all live lookups of one completion (kubectl itself waits forever). */
export const COMPLETION_TIMEOUT_MS = 1000;

/**
 * The `kubectl_complete-dns` entry: prints the candidates for `args` and returns the exit code.
 * Never throws and never writes to stderr (kubectl shows it in the user's terminal).
 */
export async function runCompletion(
  args: string[],
  io: { stdout: Pick<CliEnv['stdout'], 'write'>; env: Record<string, string | undefined> } = {
    stdout: process.stdout,
    env: process.env,
  },
): Promise<number> {
  let out: Completion;
  try {
    const { buildProgram } = await import('./main.ts');
    const sink = { write: () => true };
    const program = buildProgram({
      exitCode: 0,
      env: {
        argv: [],
        env: io.env,
        cwd: process.cwd(),
        stdout: sink,
        stderr: sink,
        readStdin: async () => '',
        now: () => Date.now(),
      },
    });
    const ms = Number(io.env['KUBECTL_DNS_COMPLETION_TIMEOUT_MS']);
    const timeoutMs = Number.isFinite(ms) && ms > 0 ? Math.min(ms, 10_000) : COMPLETION_TIMEOUT_MS;
    out = await complete(program, args.length > 0 ? args : [''], liveLookup(io.env, timeoutMs));
  } catch {
    out = { candidates: [], directive: DIRECTIVE.error };
  }
  io.stdout.write(formatCompletion(out));
  return 0;
}
