/**
 * The import graph of src/ against the layering of ARCHITECTURE.md: imports run one way, from the
 * CLI down to the model, with the I/O at the edges; no file imports itself back through others.
 * The checker itself is tested on small synthetic graphs, so a broken walker cannot pass silently.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { danglingImports, findCycles, folderOf, importSpecifiers, layerViolations, readImportGraph, type ImportGraph } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folders that touch the world (processes, network, files, stdout). Everything else is pure. */
const IO = ['cli', 'cluster', 'dns'] as const;

/**
 * The layering, written once: each folder of src/ and the folders it may import besides its own.
 * cli → commands' I/O (cluster, dns) → pure modules (render → explain → lint, coredns → records
 * → corefile, resolver) → model → shared. A pure folder never lists an I/O folder.
 */
const LAYERING: Readonly<Record<string, readonly string[]>> = {
  // Flags → options, exit codes, all stdout/stderr; wires the rest together.
  cli: ['cluster', 'dns', 'render', 'doctor', 'explain', 'lint', 'coredns', 'records', 'corefile', 'resolver', 'model', 'shared'],
  // I/O at the edges: the API server (reads it into the model) and DNS on the wire.
  cluster: ['dns', 'doctor', 'explain', 'lint', 'resolver', 'model', 'shared'],
  dns: ['explain', 'model', 'shared'],
  // Pure: data in, data out.
  render: ['doctor', 'explain', 'lint', 'records', 'corefile', 'resolver', 'model', 'shared'],
  // doctor: checks/<id>.ts over the cluster view (reuses explain's NetworkPolicy evaluator and the linter).
  doctor: ['explain', 'lint', 'coredns', 'records', 'corefile', 'resolver', 'model', 'shared'],
  explain: ['lint', 'coredns', 'records', 'corefile', 'resolver', 'model', 'shared'],
  lint: ['corefile', 'model', 'shared'],
  coredns: ['records', 'corefile', 'resolver', 'model', 'shared'],
  records: ['corefile', 'model', 'shared'],
  corefile: ['model', 'shared'],
  resolver: ['model', 'shared'],
  // The cluster data model and the pure questions asked of it.
  model: ['shared'],
  shared: [],
};

/** Kahn's algorithm over the folder table: the folders left over sit on a circle. */
function circularFolders(table: Readonly<Record<string, readonly string[]>>): string[] {
  const left = new Map(Object.entries(table).map(([f, deps]) => [f, new Set(deps.filter((d) => d !== f))]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [f, deps] of left) {
      if ([...deps].every((d) => !left.has(d))) {
        left.delete(f);
        changed = true;
      }
    }
  }
  return [...left.keys()];
}

describe('the import graph of src/', () => {
  const graph = readImportGraph(ROOT, 'src');

  test('the walker sees the code (files and imports)', () => {
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.ok(graph.get('src/cli/main.ts')?.includes('src/cli/explain.ts'), 'main.ts registers the explain command');
    assert.deepEqual(danglingImports(graph), []);
  });

  test('no import cycle between files', () => {
    assert.deepEqual(findCycles(graph).map((c) => c.join(' -> ')), []);
  });

  test('every import follows the layering (no pure module imports cli/, cluster/ or dns/)', () => {
    assert.deepEqual(layerViolations(graph, LAYERING), []);
  });

  test('the layering table itself runs one way: no circle of folders, no pure folder above I/O', () => {
    assert.deepEqual(circularFolders(LAYERING), []);
    for (const [folder, deps] of Object.entries(LAYERING)) {
      if ((IO as readonly string[]).includes(folder)) continue;
      assert.deepEqual(deps.filter((d) => (IO as readonly string[]).includes(d)), [], `pure folder ${folder} may not import I/O`);
    }
    assert.deepEqual(LAYERING['model'], ['shared']);
    assert.deepEqual(LAYERING['shared'], []);
  });

  test('every folder of src/ is in the table', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    assert.deepEqual([...folders].filter((f) => !(f in LAYERING)).sort(), []);
  });
});

describe('the checker on synthetic graphs', () => {
  const g = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  test('importSpecifiers: static, multi-line, type-only, re-export, side-effect and dynamic imports; not comments', () => {
    const text = [
      "import { a } from './a.ts';",
      'import {',
      '  b,',
      '  type B,',
      "} from '../b/b.ts';",
      "import type { C } from './c.ts';",
      "export { d } from './d.ts';",
      "export * from './e.ts';",
      "import './f.ts';",
      "const g = await import('./g.ts');",
      "let h: import('./h.ts').H;",
      "// import { x } from './commented.ts';",
      "/* import { y } from './block.ts'; */",
      "const url = 'https://example.com/from';",
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    assert.deepEqual(importSpecifiers(text).sort(), ['../b/b.ts', './a.ts', './c.ts', './d.ts', './e.ts', './f.ts', './g.ts', './h.ts', 'node:fs']);
  });

  test('findCycles finds a two-file and a three-file circle, and nothing in a tree', () => {
    assert.deepEqual(findCycles(g({ 'src/a/x.ts': ['src/a/y.ts'], 'src/a/y.ts': ['src/a/x.ts'] })), [['src/a/x.ts', 'src/a/y.ts', 'src/a/x.ts']]);
    const three = findCycles(g({ 'src/a/x.ts': ['src/b/y.ts'], 'src/b/y.ts': ['src/c/z.ts'], 'src/c/z.ts': ['src/a/x.ts'] }));
    assert.deepEqual(three, [['src/a/x.ts', 'src/b/y.ts', 'src/c/z.ts', 'src/a/x.ts']]);
    assert.deepEqual(findCycles(g({ 'src/a/x.ts': ['src/b/y.ts', 'src/c/z.ts'], 'src/b/y.ts': ['src/c/z.ts'], 'src/c/z.ts': [] })), []);
  });

  test('layerViolations: an upward import, an unknown folder; same-folder imports are free', () => {
    const table = { cli: ['model'], model: [] };
    const graph = g({
      'src/cli/main.ts': ['src/model/view.ts', 'src/cli/flags.ts'],
      'src/cli/flags.ts': [],
      'src/model/view.ts': ['src/cli/flags.ts'],
      'src/extra/x.ts': [],
    });
    assert.deepEqual(layerViolations(graph, table), [
      'src/model/view.ts imports src/cli/flags.ts: "model" may not import "cli"',
      'src/extra/x.ts: folder "extra" is not in the layering table',
    ]);
  });

  test('a folder table with a circle is caught', () => {
    assert.deepEqual(circularFolders({ a: ['b'], b: ['c'], c: ['a'], d: [] }).sort(), ['a', 'b', 'c']);
    assert.deepEqual(circularFolders({ a: ['b'], b: [] }), []);
  });

  test('danglingImports names an import of a file that is not there', () => {
    assert.deepEqual(danglingImports(g({ 'src/a/x.ts': ['src/a/gone.ts'] })), ['src/a/x.ts imports src/a/gone.ts, which is not a .ts file under the walked folder']);
  });

  test('the real tree read with a moved-back import would fail: src/model importing src/cluster', () => {
    const real = readImportGraph(ROOT, 'src');
    const broken: ImportGraph = new Map(real);
    broken.set('src/model/view.ts', [...(real.get('src/model/view.ts') ?? []), 'src/cluster/load.ts']);
    assert.ok(layerViolations(broken, LAYERING).some((v) => v.startsWith('src/model/view.ts imports src/cluster/load.ts')));
    assert.ok(findCycles(broken).length > 0, 'load.ts reads the model, so the model importing it closes a circle');
  });
});
