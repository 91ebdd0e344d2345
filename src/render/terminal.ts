/**
 * Terminal-safe text: every control character that could move the cursor, rewrite the screen,
 * set the clipboard (OSC 52), plant a link (OSC 8), switch character sets or reorder text
 * (bidi overrides, "Trojan Source") is shown visibly instead of being sent to the terminal.
 *
 * Applied once, at the CLI's stdout/stderr boundary in text mode (src/cli/main.ts), to whatever
 * the renderers print: names from the cluster, DNS answers, files read from pods, Corefile text,
 * Status messages, the user's own arguments. JSON and YAML output keep the exact data (JSON
 * escapes C0 itself; readers of -o json get the bytes the cluster has).
 *
 * Kept: newline and tab (layout only). With colour on, kubectl-dns's own SGR colour sequences
 * (`ESC [ digits ; m`, chalk level 1) pass; every other ESC is escaped.
 */

/** U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069 (bidi controls), U+2028/9 (line/paragraph separators). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** C0 but tab and newline, DEL, C1, bidi and separators. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** kubectl-dns's own colour: SGR with digits and semicolons only. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** How one unsafe character is shown: `\x1b`, `\x9b`, `\u202e`. */
export function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** True when the text holds nothing a terminal would act on (tab and newline aside). */
export function isTerminalSafe(text: string, opts: { allowSgr?: boolean } = {}): boolean {
  const t = opts.allowSgr ? text.replace(SGR, '') : text;
  UNSAFE.lastIndex = 0;
  return !UNSAFE.test(t) && !BIDI.test(t);
}

/** Escapes every unsafe character; with allowSgr, exact colour sequences are kept. */
export function escapeForTerminal(text: string, opts: { allowSgr?: boolean } = {}): string {
  if (!opts.allowSgr) return text.replace(UNSAFE, visible);
  let out = '';
  let last = 0;
  SGR.lastIndex = 0;
  for (let m = SGR.exec(text); m !== null; m = SGR.exec(text)) {
    out += text.slice(last, m.index).replace(UNSAFE, visible) + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(UNSAFE, visible);
}

export interface TextSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/**
 * A sink that escapes what passes through, unless `raw()` says the command is writing data
 * (-o json/yaml, a snapshot). `allowSgr()` is asked per write (colour may be decided late).
 */
export function terminalSafeSink(sink: TextSink, opts: { raw?: () => boolean; allowSgr?: () => boolean } = {}): TextSink {
  const safe: TextSink = {
    write: (chunk: string) => sink.write(opts.raw?.() ? chunk : escapeForTerminal(String(chunk), { allowSgr: opts.allowSgr?.() ?? false })),
  };
  if (sink.isTTY !== undefined) safe.isTTY = sink.isTTY;
  return safe;
}
