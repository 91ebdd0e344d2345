/**
 * Walks a plugin's `{ ... }` block against its property table: unknown, removed,
 * not-yet-added and deprecated properties are judged here from data; what each known
 * property means is left to the plugin's handler.
 */
import type { Directive } from '../ast.ts';
import { lifecycleProblem, unexpectedBlock, unknownProperty } from './problems.ts';
import type { PluginContext, PropertySpec, SpecProblem } from './types.ts';

/** Handles one known property line; pushes its own problems. */
export type PropertyHandler<S> = (p: Directive, state: S, problems: SpecProblem[]) => void;

export interface WalkOptions {
  /** Property names whose handler reads a nested block itself. */
  blockProperties?: readonly string[];
}

export function walkBlock<S>(
  plugin: string,
  d: Directive,
  table: readonly PropertySpec[],
  handlers: Readonly<Record<string, PropertyHandler<S>>>,
  state: S,
  ctx: PluginContext,
  problems: SpecProblem[],
  options: WalkOptions = {},
): void {
  for (const p of d.block?.directives ?? []) {
    const spec = table.find((s) => s.name === p.name.text);
    const handler = handlers[p.name.text];
    if (!spec) {
      problems.push(unknownProperty(p.name, plugin, table));
      continue;
    }
    const life = lifecycleProblem(p.name, `The ${plugin} property '${spec.name}'`, spec, ctx);
    if (life.problem) problems.push(life.problem);
    if (life.stop || !handler) continue;
    if (p.block && !options.blockProperties?.includes(spec.name)) {
      problems.push(unexpectedBlock(p));
      continue;
    }
    handler(p, state, problems);
  }
}

/** Texts of a directive's arguments. */
export function argTexts(d: Directive): string[] {
  return d.args.map((a) => a.text);
}
