/**
 * Is NAME something a stub resolver can send as a query? RFC 1035 §2.3.4 limits (labels of
 * 1..63 octets, 253 characters as text without the final dot), with the host-name characters
 * of RFC 1123 plus '_' (service names such as _http._tcp.web, RFC 2782).
 */

const MAX_NAME_CHARS = 253;
const MAX_LABEL_CHARS = 63;
const LABEL_CHARS = /^[A-Za-z0-9_-]+$/;

/** null when `name` is a valid DNS name (a single trailing dot allowed), else a one-line reason. */
export function validateDnsName(name: string): string | null {
  if (name === '') return 'the name is empty';
  if (name === '.') return 'the name is only the root "."';
  const body = name.endsWith('.') ? name.slice(0, -1) : name;
  if (body.length > MAX_NAME_CHARS) return `the name is ${body.length} characters long; at most ${MAX_NAME_CHARS} are allowed`;
  const labels = body.split('.');
  for (const [i, label] of labels.entries()) {
    if (label === '') return `label ${i + 1} is empty (two dots in a row, or a leading dot)`;
    if (label.length > MAX_LABEL_CHARS) return `label "${label.slice(0, 20)}…" is ${label.length} characters long; at most ${MAX_LABEL_CHARS} are allowed`;
    if (!LABEL_CHARS.test(label)) {
      const bad = [...label].find((c) => !/[A-Za-z0-9_-]/.test(c)) ?? '';
      return `label "${label}" contains ${describeChar(bad)}; only letters, digits, "-" and "_" are allowed`;
    }
  }
  return null;
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  if (c === ' ') return 'a space';
  return `"${c}"`;
}
