import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  DIRECTIVE,
  complete,
  formatCompletion,
  liveLookup,
  runCompletion,
  withDeadline,
  type CompletionLookup,
} from '../../src/cli/completion.ts';
import { addClusterFlags, addOutputFlags, type ClusterFlags } from '../../src/cli/flags.ts';
import { tempDir } from '../harness/temp.ts';

/** A program shaped as CONTRACT.md says the real one is, built with the real flag helpers. */
function contractProgram(): Command {
  const program = new Command('kubectl dns').version('0.1.0', '--version', 'print the version and exit');
  program.helpOption('-h, --help', 'show help').helpCommand(false);
  const explain = program.command('explain').description('explain a name').argument('<name>');
  explain.requiredOption('--from <pod>', 'the pod, [NS/]POD');
  addOutputFlags(addClusterFlags(explain));
  const records = program.command('records').description('list records').option('-A, --all-namespaces', 'all');
  addOutputFlags(addClusterFlags(records));
  const lint = program.command('lint-corefile').description('lint a Corefile').argument('[file]');
  addOutputFlags(addClusterFlags(lint, { namespace: false }));
  program.command('snapshot').description('write a snapshot');
  return program;
}

/** Records what the lookups were asked, answers from a fixed cluster. */
function fakeLookup(calls: string[] = []): CompletionLookup {
  const pods: Record<string, string[]> = { default: ['client', 'web-7d9f'], shop: ['cart-0', 'cart-1'] };
  const effective = (f: ClusterFlags): string => f.namespace ?? 'default';
  return {
    contexts: async (f) => (calls.push(`contexts ${f.kubeconfig ?? ''}`), ['kind-dev', 'prod-eu']),
    clusters: async () => ['kind-dev'],
    users: async () => ['admin'],
    namespaces: async (f) => (calls.push(`namespaces ${f.context ?? ''}`), ['default', 'kube-system', 'shop']),
    pods: async (f, ns) => (calls.push(`pods ${ns ?? `(effective ${effective(f)})`}`), pods[ns ?? effective(f)] ?? []),
  };
}

const values = (c: { candidates: { value: string }[] }): string[] => c.candidates.map((x) => x.value);

const cases: { words: string[]; want: string[]; directive: number; exact?: boolean }[] = [
  { words: [''], want: ['explain', 'records', 'lint-corefile', 'snapshot'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['exp'], want: ['explain'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['--'], want: ['--version', '--help'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', '--o'], want: ['--output'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', '-o', ''], want: ['text', 'json', 'yaml'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', '--output', 'j'], want: ['json'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', '--output=y'], want: ['--output=yaml'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['records', '-n', ''], want: ['default', 'kube-system', 'shop'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['records', '--namespace', 'k'], want: ['kube-system'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['records', '--context', ''], want: ['kind-dev', 'prod-eu'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['records', '--cluster', ''], want: ['kind-dev'], directive: DIRECTIVE.noFileComp, exact: true },
  // --from: pods of the effective namespace, and namespaces to descend into
  { words: ['explain', 'web', '--from', ''], want: ['client', 'web-7d9f', 'default/', 'kube-system/', 'shop/'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', 'web', '--from', 'sh'], want: ['shop/'], directive: DIRECTIVE.noFileComp | DIRECTIVE.noSpace, exact: true },
  { words: ['explain', 'web', '--from', 'shop/'], want: ['shop/cart-0', 'shop/cart-1'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', 'web', '--from', 'shop/cart-1'], want: ['shop/cart-1'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', '-n', 'shop', 'web', '--from', 'c'], want: ['cart-0', 'cart-1'], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', 'web', '--from=shop/'], want: ['--from=shop/cart-0', '--from=shop/cart-1'], directive: DIRECTIVE.noFileComp, exact: true },
  // path-valued flags and file arguments leave completion to the shell
  { words: ['records', '--kubeconfig', ''], want: [], directive: DIRECTIVE.default, exact: true },
  { words: ['explain', '--snapshot', ''], want: [], directive: DIRECTIVE.default, exact: true },
  { words: ['lint-corefile', ''], want: [], directive: DIRECTIVE.default, exact: true },
  { words: ['lint-corefile', 'Corefile', ''], want: [], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['explain', ''], want: [], directive: DIRECTIVE.noFileComp, exact: true },
  // used flags are not offered again; repeatable ones are
  { words: ['records', '--output', 'json', '--ou'], want: [], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['records', '--as-group', 'a', '--as-g'], want: ['--as-group'], directive: DIRECTIVE.noFileComp, exact: true },
  // a lone "-" offers the short spellings too
  { words: ['records', '-'], want: ['-A', '-n', '-o', '--all-namespaces', '--namespace', '--output'], directive: DIRECTIVE.noFileComp },
  // free-text values and unknown flags: nothing, and no file completion
  { words: ['records', '--request-timeout', ''], want: [], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['records', '--bogus', ''], want: [], directive: DIRECTIVE.noFileComp, exact: true },
  { words: ['nope', ''], want: [], directive: DIRECTIVE.noFileComp, exact: true },
];

for (const c of cases) {
  test(`complete ${JSON.stringify(c.words)}`, async () => {
    const got = await complete(contractProgram(), c.words, fakeLookup());
    if (c.exact) assert.deepEqual(values(got), c.want);
    else for (const w of c.want) assert.ok(values(got).includes(w), `${w} missing from ${values(got).join(' ')}`);
    assert.equal(got.directive, c.directive);
  });
}

test('flag values typed before the word steer the live lookups', async () => {
  const calls: string[] = [];
  await complete(contractProgram(), ['records', '--kubeconfig', '/tmp/kc', '--context=prod-eu', '-n', ''], fakeLookup(calls));
  await complete(contractProgram(), ['records', '--kubeconfig=/tmp/kc', '--context', ''], fakeLookup(calls));
  assert.deepEqual(calls, ['namespaces prod-eu', 'contexts /tmp/kc']);
});

test('flags come from the real program: every command of buildProgram, and its own flags', async () => {
  const { buildProgram } = await import('../../src/cli/main.ts');
  const sink = { write: () => true };
  const program = buildProgram({
    exitCode: 0,
    env: { argv: [], env: {}, cwd: '/', stdout: sink, stderr: sink, readStdin: async () => '', now: () => 0 },
  });
  const got = await complete(program, [''], fakeLookup());
  for (const name of ['explain', 'records', 'lint-corefile', 'snapshot']) assert.ok(values(got).includes(name), name);
  for (const sub of program.commands) {
    const flags = values(await complete(program, [sub.name(), '--'], fakeLookup()));
    const expected = sub.createHelp().visibleOptions(sub).flatMap((o) => (o.long ? [o.long] : []));
    assert.deepEqual(flags, expected, sub.name());
  }
});

test('formatCompletion writes cobra lines: value<TAB>description, then :directive', () => {
  const text = formatCompletion({
    candidates: [{ value: 'explain', description: 'why a name\tdoes not\nresolve' }, { value: 'json' }],
    directive: DIRECTIVE.noFileComp,
  });
  assert.equal(text, 'explain\twhy a name does not resolve\njson\n:4\n');
  assert.equal(formatCompletion({ candidates: [], directive: 0 }), ':0\n');
});

test('withDeadline returns the fallback for slow or failing lookups', async () => {
  const never = new Promise<string[]>(() => {});
  const t0 = Date.now();
  assert.deepEqual(await withDeadline(never, 50, ['x']), ['x']);
  assert.ok(Date.now() - t0 < 1000);
  assert.deepEqual(await withDeadline(Promise.reject(new Error('boom')), 1000, []), []);
  assert.deepEqual(await withDeadline(Promise.resolve(['a']), 1000, []), ['a']);
});

test('liveLookup reads contexts, clusters and users from the kubeconfig files kubectl would use', async () => {
  const dir = tempDir('kdns-compl-');
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  writeFileSync(
    a,
    `apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: dev-admin
  user: {token: abc}
contexts:
- name: kind-dev
  context: {cluster: dev, user: dev-admin}
current-context: kind-dev
`,
  );
  writeFileSync(b, 'apiVersion: v1\nkind: Config\ncontexts:\n- name: prod-eu\n  context: {cluster: dev, user: dev-admin}\n');
  const live = liveLookup({ KUBECONFIG: `${a}:${b}:${join(dir, 'missing')}` }, 1000);
  assert.deepEqual(await live.contexts({}), ['kind-dev', 'prod-eu']);
  assert.deepEqual(await live.clusters({}), ['dev']);
  assert.deepEqual(await live.users({}), ['dev-admin']);
  assert.deepEqual(await live.contexts({ kubeconfig: b }), ['prod-eu']);
  assert.deepEqual(await liveLookup({ KUBECONFIG: join(dir, 'missing') , HOME: dir }, 1000).contexts({}), []);
});

test('live namespaces against a server that never answers give nothing within the deadline', async () => {
  const { createServer } = await import('node:net');
  const sockets: import('node:net').Socket[] = [];
  const server = createServer((s) => void sockets.push(s)); // accepts, never answers
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const dir = tempDir('kdns-compl-');
  const kc = join(dir, 'config');
  writeFileSync(
    kc,
    `apiVersion: v1
kind: Config
clusters:
- name: hang
  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}
users:
- name: u
  user: {token: t}
contexts:
- name: hang
  context: {cluster: hang, user: u}
current-context: hang
`,
  );
  try {
    // Importing client-node blocks the event loop for ~0.5 s (more on a busy machine), which no
    // timer can cut short: load it first so this measures the deadline on the request itself.
    await import('@kubernetes/client-node');
    const t0 = Date.now();
    const live = liveLookup({ KUBECONFIG: kc }, 400);
    assert.deepEqual(await live.namespaces({}), []);
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    assert.ok(sockets.length > 0, 'the request did reach the hanging server');
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
});

test('runCompletion prints candidates and a directive, never throws, never writes stderr', async () => {
  let out = '';
  const code = await runCompletion(['exp'], { stdout: { write: (s: string) => ((out += s), true) }, env: {} });
  assert.equal(code, 0);
  assert.match(out, /^explain(\t.*)?\n:4\n$/);
  out = '';
  await runCompletion([], { stdout: { write: (s: string) => ((out += s), true) }, env: {} });
  assert.match(out, /^explain/m);
  assert.match(out, /^:4\n$/m);
});

test('with --snapshot typed, --from and -n complete from that file (the bundled example), with no cluster', async () => {
  const ROOT = new URL('../../', import.meta.url).pathname;
  let out = '';
  const io = { stdout: { write: (s: string) => ((out += s), true) }, env: { HOME: tmpdir(), KUBECONFIG: join(tmpdir(), 'no-such-kubeconfig') } };
  const snapshot = join(ROOT, 'examples/snapshot.yaml');
  await runCompletion(['explain', 'web', '--snapshot', snapshot, '--from', ''], io);
  const lines = out.trim().split('\n');
  // pods of the default namespace, then "ns/" for every namespace of the snapshot
  assert.deepEqual(lines, ['client', 'default/', 'kube-system/', 'shop/', `:${DIRECTIVE.noFileComp}`]);
  out = '';
  await runCompletion(['explain', 'web', `--snapshot=${snapshot}`, '--from', 'shop/'], io);
  assert.deepEqual(out.trim().split('\n').slice(0, -1), ['shop/db-0', 'shop/db-1', 'shop/web-6d4b8c7f9d-2lq8x']);
  out = '';
  await runCompletion(['records', '--snapshot', join(ROOT, 'examples/missing.yaml'), '-n', ''], io);
  assert.equal(out, `:${DIRECTIVE.noFileComp}\n`, 'an unreadable snapshot completes nothing and prints no error');
});
