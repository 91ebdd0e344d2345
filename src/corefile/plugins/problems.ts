/**
 * Builders for spec problems, worded after the errors CoreDNS's setup returns
 * (caddy's ArgErr, "unknown property", plugin.ErrOnce), and the property lifecycle check.
 */
import type { Directive, Token } from '../ast.ts';
import { compareVersions } from '../coredns-versions.ts';
import type { Lifecycle, PluginContext, PropertySpec, SpecProblem } from './types.ts';

/** caddy's c.ArgErr() on the plugin line. */
export function argCount(token: Token, hint?: string): SpecProblem {
  return {
    code: 'arg-count',
    severity: 'error',
    token,
    message: `Wrong argument count or unexpected line ending after '${token.text}'.`,
    ...(hint ? { hint } : {}),
  };
}

/** caddy's c.ArgErr() on a property line. */
export function propertyArgCount(token: Token, hint?: string): SpecProblem {
  return { ...argCount(token, hint), code: 'property-arg-count' };
}

export function badValue(token: Token, message: string, hint?: string): SpecProblem {
  return { code: 'bad-value', severity: 'error', token, message, ...(hint ? { hint } : {}) };
}

export function unknownProperty(token: Token, plugin: string, known: readonly PropertySpec[]): SpecProblem {
  const names = known.filter((p) => p.removedIn === undefined).map((p) => p.name);
  return {
    code: 'unknown-property',
    severity: 'error',
    token,
    message: `Unknown property '${token.text}' in the ${plugin} block.`,
    ...(names.length ? { hint: `Known properties: ${names.join(', ')}.` } : {}),
  };
}

export function duplicateProperty(token: Token, plugin: string): SpecProblem {
  return {
    code: 'duplicate-property',
    severity: 'error',
    token,
    message: `Property '${token.text}' is given more than once in the ${plugin} block.`,
    hint: 'Keep one line and merge the arguments.',
  };
}

/** A `{` block after a property that takes none: caddy reads the brace as an argument. */
export function unexpectedBlock(d: Directive): SpecProblem {
  return {
    code: 'unexpected-block',
    severity: 'error',
    token: d.block?.open ?? d.name,
    message: `'${d.name.text}' does not take a block.`,
    hint: 'Remove the braces and write the arguments on the same line.',
  };
}

/**
 * Judges an option's lifecycle against the target version. Returns a problem and
 * whether parsing of that option should stop (it no longer exists, or does not yet).
 */
export function lifecycleProblem(
  token: Token,
  what: string,
  life: Lifecycle & { hint?: string },
  ctx: PluginContext,
): { problem?: SpecProblem; stop: boolean } {
  const v = ctx.corednsVersion;
  const replacedBy = life.replacedBy?.join(', ');
  const extra = {
    ...(replacedBy ? { replacedBy } : {}),
    ...(life.removedIn ? { removedIn: life.removedIn } : {}),
    ...(life.deprecatedIn ? { deprecatedIn: life.deprecatedIn } : {}),
  };
  const hint = life.hint ?? (replacedBy ? `Use ${replacedBy} instead.` : `Remove it.`);
  if (life.removedIn && compareVersions(v, life.removedIn) >= 0) {
    return {
      stop: true,
      problem: { code: 'removed-option', severity: 'error', token, message: `${what} was removed in CoreDNS ${life.removedIn}.`, hint, ...extra },
    };
  }
  if (life.addedIn && compareVersions(v, life.addedIn) < 0) {
    return {
      stop: true,
      problem: {
        code: 'unknown-property',
        severity: 'error',
        token,
        message: `${what} does not exist before CoreDNS ${life.addedIn} (target is ${v}).`,
        hint: `Upgrade CoreDNS to ${life.addedIn} or later, or remove it.`,
      },
    };
  }
  if (life.deprecatedIn && compareVersions(v, life.deprecatedIn) >= 0) {
    return {
      stop: false,
      problem: {
        code: 'deprecated-option',
        severity: 'warning',
        token,
        message: `${what} is deprecated since CoreDNS ${life.deprecatedIn}${life.removedIn ? ` and removed in ${life.removedIn}` : ''}.`,
        hint,
        ...extra,
      },
    };
  }
  return { stop: false };
}

/** True when any problem would stop CoreDNS from starting. */
export function hasError(problems: readonly SpecProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
