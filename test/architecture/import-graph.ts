/**
 * A small import-graph walker for the architecture test: reads the `import ... from '...'`,
 * `export ... from '...'`, `import '...'` and `import('...')` specifiers of every .ts file under a
 * folder (no TypeScript needed), keeps the relative ones, and checks the graph against a layering
 * written as data: no cycle between files, and each folder imports only the folders it may.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** File (posix path relative to the root, e.g. 'src/cli/main.ts') -> the files it imports. */
export type ImportGraph = Map<string, string[]>;

const FROM = /(?:^|[\s;}])(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g;
const BARE = /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source text imports (static, re-exports, side-effect and dynamic). */
export function importSpecifiers(text: string): string[] {
  // Block comments and whole-line comments only: a `//` inside a string (a URL) stays.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: string[] = [];
  for (const re of [FROM, BARE, DYNAMIC]) for (const m of code.matchAll(re)) out.push(m[1]!);
  return [...new Set(out)];
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** The graph of relative imports between the .ts files under `root/folder`, paths relative to root. */
export function readImportGraph(root: string, folder = 'src'): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const abs of listTs(join(root, folder))) {
    const file = relative(root, abs).split(sep).join('/');
    const deps = importSpecifiers(readFileSync(abs, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => normalize(join(dirname(file), s)).split(sep).join('/'));
    graph.set(file, [...new Set(deps)].sort());
  }
  return graph;
}

/** Every elementary cycle found by a depth-first walk (one per back edge), as file paths, first repeated last. */
export function findCycles(graph: ImportGraph): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      const s = state.get(d);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (s === undefined && graph.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

/** 'src/cluster/load.ts' -> 'cluster' (the first folder under the walked folder); a file at the top -> its name. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1]! : parts[parts.length - 1]!.replace(/\.ts$/, '');
}

/**
 * Imports that break the layering: `allowed[folder]` lists the folders a file in `folder` may
 * import besides its own; a folder missing from the table is itself a violation (write it down).
 */
export function layerViolations(graph: ImportGraph, allowed: Readonly<Record<string, readonly string[]>>): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) {
    const from = folderOf(file);
    const ok = allowed[from];
    if (!ok) {
      out.push(`${file}: folder "${from}" is not in the layering table`);
      continue;
    }
    for (const d of deps) {
      const to = folderOf(d);
      if (to !== from && !ok.includes(to)) out.push(`${file} imports ${d}: "${from}" may not import "${to}"`);
    }
  }
  return out;
}

/** Imports of files that do not exist (a moved file the walker would otherwise silently ignore). */
export function danglingImports(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) for (const d of deps) if (!graph.has(d)) out.push(`${file} imports ${d}, which is not a .ts file under the walked folder`);
  return out;
}
