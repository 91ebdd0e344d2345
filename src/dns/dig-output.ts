/**
 * Querying from inside a pod: the argv of the resolver tools images carry, and parsers for
 * what they print. Pure: the exec itself is src/cluster/exec.ts.
 *
 * dig takes many questions in one run (`dig @NS a. A b. A`), so every candidate name costs one
 * exec. Its `+comments +question +answer` output is a block per question starting with
 * ";; Got answer:", or a line ";; no servers could be reached" / ";; connection timed out" when
 * nothing came back.
 */
import type { ObservedQuery } from '../explain/inputs.ts';
import { classify, type DnsAnswer, type Rcode } from './message.ts';
import { toObserved } from './observed.ts';

export function digArgv(server: string, questions: readonly { fqdn: string; type: string }[], timeoutSeconds = 2): string[] {
  return [
    'dig',
    `+time=${timeoutSeconds}`,
    '+tries=1',
    '+noall',
    '+comments',
    '+question',
    '+answer',
    '+nosearch',
    `@${server}`,
    ...questions.flatMap((q) => [q.fqdn, q.type]),
  ];
}

interface Block {
  rcode?: Rcode;
  question?: { name: string; type: string };
  answers: DnsAnswer[];
  failed?: string;
}

/** Parses dig's output into one observation per question, in order; missing ones are TIMEOUT. */
export function parseDigOutput(text: string, questions: readonly { fqdn: string; type: string }[]): ObservedQuery[] {
  const blocks: Block[] = [];
  let cur: Block | undefined;
  let section: 'question' | 'answer' | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith(';; Got answer:')) {
      cur = { answers: [] };
      blocks.push(cur);
      section = undefined;
      continue;
    }
    if (/no servers could be reached|connection timed out/.test(line)) {
      blocks.push({ answers: [], failed: line.replace(/^;;\s*/, '') });
      cur = undefined;
      continue;
    }
    if (!cur) continue;
    const status = /status: ([A-Z]+)/.exec(line);
    if (status) {
      cur.rcode = status[1] as Rcode;
      continue;
    }
    if (line.startsWith(';; QUESTION SECTION:')) {
      section = 'question';
      continue;
    }
    if (line.startsWith(';; ANSWER SECTION:')) {
      section = 'answer';
      continue;
    }
    if (line === '' || line.startsWith(';;')) {
      if (line === '') section = undefined;
      continue;
    }
    const fields = line.replace(/^;/, '').split(/\s+/);
    if (section === 'question' && fields.length >= 3) {
      cur.question = { name: fields[0]!.toLowerCase(), type: fields[fields.length - 1]! };
    } else if (section === 'answer' && fields.length >= 5) {
      const [name, ttl, , type, ...data] = fields;
      cur.answers.push({ name: name!.toLowerCase(), type: type!, ttl: Number(ttl), data: data.join(' ') });
    }
  }
  return questions.map((q, i) => {
    const b = blocks[i];
    if (!b || b.failed) return toObserved(q.fqdn, q.type, 'TIMEOUT', [], b?.failed ?? 'dig printed no answer for this question');
    return toObserved(q.fqdn, q.type, classify(b.rcode ?? 'SERVFAIL', b.answers), b.answers);
  });
}
