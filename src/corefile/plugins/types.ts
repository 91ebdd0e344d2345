/**
 * Types shared by the plugin specs. A spec is data (name, chain order, lifecycle,
 * property table) plus an optional `parse` that mirrors the plugin's setup.go: it
 * reports exactly the problems CoreDNS's setup would refuse to start with (severity
 * 'error'), plus deprecations CoreDNS logs but accepts (severity 'warning').
 */
import type { Directive, Token } from '../ast.ts';

export type SpecProblemCode =
  | 'arg-count'
  | 'bad-value'
  | 'unknown-property'
  | 'property-arg-count'
  | 'removed-option'
  | 'deprecated-option'
  | 'duplicate-property'
  | 'conflicting-options'
  | 'unexpected-block';

export interface SpecProblem {
  code: SpecProblemCode | (string & {});
  /** 'error': CoreDNS refuses to start; 'warning': it starts (and logs) but something is off. */
  severity: 'error' | 'warning';
  token: Token;
  /** One sentence. */
  message: string;
  hint?: string;
  removedIn?: string;
  deprecatedIn?: string;
  replacedBy?: string;
}

export interface PluginContext {
  /** Zones of the enclosing server block, as FQDNs. */
  serverZones: string[];
  /** The CoreDNS version to judge against, e.g. '1.12.1'. */
  corednsVersion: string;
}

export interface PluginParseResult<C = unknown> {
  problems: SpecProblem[];
  /** The parsed configuration, present when setup would succeed (no 'error' problem). */
  config?: C;
}

/** Lifecycle of a plugin or an option, like ESLint's meta.deprecated. */
export interface Lifecycle {
  addedIn?: string;
  deprecatedIn?: string;
  removedIn?: string;
  replacedBy?: string[];
}

/** A property (block line) of a plugin, as data. */
export interface PropertySpec extends Lifecycle {
  name: string;
  /** Syntax as the README writes it, e.g. 'ttl TTL'. */
  syntax: string;
  /** Extra advice for removed/deprecated properties. */
  hint?: string;
}

export interface PluginSpec extends Lifecycle {
  name: string;
  /** Index in the plugin chain (plugin.cfg order); removed plugins keep the slot they had. */
  order: number;
  /** setup errors when used twice in a server block (plugin.ErrOnce or equivalent). */
  once: boolean;
  /** Not part of the default CoreDNS build (external plugin). */
  external?: boolean;
  /** Syntax lines as the README writes them. */
  syntax?: readonly string[];
  /** Known block properties, for plugins that have a block. */
  properties?: readonly PropertySpec[];
  parse?(d: Directive, ctx: PluginContext): PluginParseResult;
}
