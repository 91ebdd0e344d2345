/**
 * Turns answers from any query path (dig inside the pod, a port-forward, --dns-server) into the
 * observation explain compares with its prediction. Pure.
 */
import type { ObservedQuery } from '../explain/inputs.ts';
import type { QueryStatus as ExplainStatus } from '../explain/types.ts';
import { classify, inAnswerChain, type DnsAnswer, type QueryStatus, type Rcode } from './message.ts';

/**
 * What the stub resolver makes of an answer: NOERROR only when a record of the asked type came
 * back. A CNAME alone (an ExternalName whose target did not resolve) gives the program no
 * address, so the resolver treats it as NODATA and goes on.
 */
export function resolverStatus(status: QueryStatus, answers: readonly { type: string }[], qtype: string): ExplainStatus {
  // ERROR: no usable answer came back (a broken stream, an undecodable reply): to the resolver
  // that is a query without an answer.
  if (status === 'ERROR') return 'TIMEOUT';
  // A truncated answer whose TCP retry failed: glibc's res_send gives up on that server as on a
  // timeout. Another rcode (FORMERR, NOTIMP, ...): the resolver tries the next server, as on
  // SERVFAIL. `error` keeps the exact outcome for the output.
  if (status === 'TRUNCATED') return 'TIMEOUT';
  if (status === 'RCODE') return 'SERVFAIL';
  if (status === 'NOERROR' && !answers.some((a) => a.type === qtype)) return 'NODATA';
  return status;
}

export function toObserved(fqdn: string, qtype: string, status: QueryStatus, answers: readonly DnsAnswer[], error?: string): ObservedQuery {
  // dig prints every record; the resolver uses only the question's name and its CNAME chain.
  const { used } = inAnswerChain(fqdn, answers);
  const effective = status === 'NOERROR' && used.length === 0 ? 'NODATA' : status;
  const o: ObservedQuery = {
    fqdn,
    type: qtype,
    status: resolverStatus(effective, used, qtype),
    answers: used.map((a) => a.data),
  };
  if (error) o.error = error;
  return o;
}

export { classify, type Rcode };
