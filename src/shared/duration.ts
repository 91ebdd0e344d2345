import { UsageError } from './errors.ts';

/**
 * Parses a kubectl-style duration ("0", "30", "5s", "1m30s", "250ms") into milliseconds.
 * A bare number means seconds, as kubectl's --request-timeout does. 0 means no limit.
 */
export function parseDuration(text: string, flag = '--request-timeout'): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const n = Number(m[1]);
    const unit = m[2];
    total += unit === 'h' ? n * 3_600_000 : unit === 'm' ? n * 60_000 : unit === 's' ? n * 1000 : n;
    matched = re.lastIndex;
  }
  if (t === '' || matched !== t.length) {
    throw new UsageError(`invalid ${flag} "${text}": use a duration such as 5s, 1m or 500ms (0 means no limit)`);
  }
  return Math.round(total);
}
