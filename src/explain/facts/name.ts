/**
 * The name being explained, parsed once: every later step reads this value instead of taking
 * the typed text apart again. Pure.
 */
import { toFqdn, type Fqdn } from '../../shared/fqdn.ts';

export interface ExplainName {
  /** As the program passes it (as typed), trailing dot included. */
  text: string;
  /** Without a trailing dot, case kept. */
  bare: string;
  /** `bare`, lower-cased. */
  lower: string;
  /** A trailing dot: the resolver asks the name as is, only. */
  absolute: boolean;
  /** Lower-case labels of `bare`. */
  labels: string[];
  /** Dots in `bare` (what ndots is compared with). */
  dots: number;
  /** Lower-case, trailing dot. */
  fqdn: Fqdn;
}

export function parseExplainName(text: string): ExplainName {
  const bare = text.replace(/\.$/, '');
  const lower = bare.toLowerCase();
  return {
    text,
    bare,
    lower,
    absolute: text.endsWith('.'),
    labels: lower.split('.'),
    dots: [...bare].filter((c) => c === '.').length,
    fqdn: toFqdn(text),
  };
}
