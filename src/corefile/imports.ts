/**
 * Import path rules of CoreDNS's Caddy fork (caddyfile/parse.go doImport), as pure functions,
 * and an in-memory ImportReader (tests; ConfigMap keys mounted into CoreDNS's import folders).
 *
 * - a relative path is resolved from the directory of the file that holds the `import` token;
 * - a pattern with glob characters may match nothing (CoreDNS logs a warning), a plain path
 *   must exist (CoreDNS refuses to start);
 * - a glob may hold at most one `*`, at most one `?`, and no `[...]` class (Caddy issue #2096).
 */
import { posix } from 'node:path';
import type { ImportReader } from './ast.ts';

/** Caddy's cap on snippet expansions and, separately, file expansions per parse. */
export const MAX_IMPORT_EXPANSIONS = 1000;

export function hasGlobMeta(pattern: string): boolean {
  return /[*?[\]]/.test(pattern);
}

/** The reason CoreDNS rejects a glob pattern, or undefined when it accepts it. */
export function globTooComplex(pattern: string): string | undefined {
  const count = (ch: string): number => pattern.split(ch).length - 1;
  if (count('*') > 1) return `"${pattern}" has ${count('*')} "*" wildcards; CoreDNS allows one`;
  if (count('?') > 1) return `"${pattern}" has ${count('?')} "?" wildcards; CoreDNS allows one`;
  if (pattern.includes('[') && pattern.includes(']')) return `"${pattern}" uses a [...] class, which CoreDNS rejects`;
  return undefined;
}

/** Joins a (possibly relative) import path onto the importing file's directory. */
export function resolveImportPath(pattern: string, baseDir: string): string {
  return posix.isAbsolute(pattern) ? posix.normalize(pattern) : posix.join(baseDir, pattern);
}

/** Directory of an imported file's path. */
export function dirOf(path: string): string {
  return posix.dirname(path);
}

/**
 * Go's filepath.Match for one path: `*` matches any run of non-`/` characters, `?` one
 * non-`/` character, `[...]` a class (with `^` negation and ranges), `\` escapes.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i] ?? '');
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        re += '\\[';
        continue;
      }
      let cls = pattern.slice(i + 1, end);
      const negate = cls.startsWith('^');
      if (negate) cls = cls.slice(1);
      re += '[' + (negate ? '^' : '') + cls.replace(/[\\\]]/g, '\\$&') + ']';
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * An ImportReader over a map of path -> content. Paths are normalised (posix); relative keys
 * are taken relative to `/`. `glob` returns the sorted matching paths.
 */
export function memoryImportReader(files: Record<string, string>): ImportReader {
  const table = new Map<string, string>();
  for (const [path, content] of Object.entries(files)) table.set(absolute(path), content);
  return {
    readFile(path: string): string | undefined {
      return table.get(absolute(path));
    },
    glob(pattern: string, baseDir: string): string[] {
      const re = globToRegExp(resolveImportPath(pattern, absolute(baseDir)));
      return [...table.keys()].filter((p) => re.test(p)).sort();
    },
  };
}

function absolute(path: string): string {
  return posix.isAbsolute(path) ? posix.normalize(path) : posix.join('/', path);
}
