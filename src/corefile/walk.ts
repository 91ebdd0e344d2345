/**
 * Small pure walkers over the Corefile tree, for the linter, the plugin specs and the
 * server-block matcher.
 */
import type { Block, Corefile, Directive, ServerBlock, Token } from './ast.ts';
import { pushAll } from '../shared/array.ts';

export interface DirectiveContext {
  serverBlock: ServerBlock;
  /** 0 for a plugin line at the top of a server block, 1 for its block's property lines, ... */
  depth: number;
  /** The directive whose block holds this one (undefined at depth 0). */
  parent?: Directive;
}

/** Every directive in a block, depth first, in source order (nested property lines included). */
export function allDirectives(block: Block): Directive[] {
  const out: Directive[] = [];
  const stack: Directive[] = [...block.directives].reverse();
  for (let d = stack.pop(); d; d = stack.pop()) {
    out.push(d);
    if (d.block) for (let i = d.block.directives.length - 1; i >= 0; i--) stack.push(d.block.directives[i] as Directive);
  }
  return out;
}

/** Calls `visit` for every directive of every server block, depth first, with its context. */
export function forEachDirective(corefile: Corefile, visit: (d: Directive, ctx: DirectiveContext) => void): void {
  for (const serverBlock of corefile.serverBlocks) {
    const walk = (block: Block, depth: number, parent: Directive | undefined): void => {
      for (const d of block.directives) {
        visit(d, parent ? { serverBlock, depth, parent } : { serverBlock, depth });
        if (d.block) walk(d.block, depth + 1, d);
      }
    };
    walk(serverBlock.body, 0, undefined);
  }
}

/** The plugin lines (depth 0) of a server block named `name`. */
export function pluginsNamed(serverBlock: ServerBlock, name: string): Directive[] {
  return serverBlock.body.directives.filter((d) => d.name.text === name);
}

/** The property lines of a plugin's block (empty when it has no block). */
export function properties(d: Directive): Directive[] {
  return d.block?.directives ?? [];
}

/** Every zone of a server block's keys, in order (CIDR keys expanded). */
export function zonesOf(serverBlock: ServerBlock): string[] {
  return serverBlock.keys.flatMap((k) => k.zones);
}

/** Every token of the tree in source order per server block: keys, braces, names, arguments. */
export function tokensOf(corefile: Corefile): Token[] {
  const out: Token[] = [];
  const block = (b: Block, implicit: boolean): void => {
    if (!implicit) out.push(b.open);
    for (const d of b.directives) directive(d);
    if (b.close) out.push(b.close);
  };
  const directive = (d: Directive): void => {
    pushAll(out, [d.name].concat(d.args));
    if (d.block) block(d.block, false);
  };
  for (const sb of corefile.serverBlocks) {
    for (const k of sb.keys) out.push(k.token);
    block(sb.body, sb.body.implicit === true);
  }
  return out;
}

/** 1-based position just after a token on its first line (for carets / end columns). */
export function tokenEnd(token: Token): { line: number; column: number } {
  return { line: token.line, column: token.column + token.length };
}
