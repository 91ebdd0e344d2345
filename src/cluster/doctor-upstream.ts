/**
 * doctor's upstream probe: one port-forward (TCP) to a ready CoreDNS pod, then `count` A queries
 * for an external name on it, one after another, each bounded by timeoutMs. Only the port-forward
 * path: never the Service address (from outside the cluster that would send packets to an address
 * of someone else's network). Only a GET upgrade and DNS queries; never throws.
 */
import type { Duplex } from 'node:stream';
import type { ClusterClient } from './client.ts';
import type { ClusterView } from '../model/view.ts';
import type { UpstreamProbe } from '../doctor/facts.ts';
import { findForwardTargets } from '../model/coredns-config.ts';

export async function probeUpstream(client: ClusterClient, view: ClusterView, o: { name: string; count: number; timeoutMs: number }): Promise<UpstreamProbe> {
  const { openDnsForward, forwardLabel } = await import('./dns-target.ts');
  const { openStreamClient } = await import('../dns/stream.ts');
  const { sendQuery } = await import('../dns/query.ts');
  const { targets, problem } = findForwardTargets(view);
  const t = targets[0];
  if (!t) return { name: o.name, problem: problem ?? 'no ready CoreDNS pod' };
  let stream: Duplex;
  try {
    stream = await openDnsForward(client, t, client.requestTimeoutMs || 10_000);
  } catch (e) {
    const kind = (e as { kind?: string }).kind;
    return { name: o.name, problem: `${kind === 'forbidden' ? 'RBAC: ' : ''}${(e as Error).message.replace(/\s+/g, ' ').trim()}` };
  }
  const conn = openStreamClient(stream);
  const results: NonNullable<UpstreamProbe['results']> = [];
  try {
    for (let i = 0; i < o.count; i++) {
      const r = await sendQuery({ server: { host: t.pod, port: t.port }, name: o.name, type: 'A', timeoutMs: o.timeoutMs, transport: conn });
      const entry: NonNullable<UpstreamProbe['results']>[number] = { status: r.status, ms: r.rttMs };
      const a = r.answers.filter((x) => x.type === 'A').map((x) => x.data);
      if (a.length) entry.answers = a.slice(0, 3).join(', ') + (a.length > 3 ? ', ...' : '');
      results.push(entry);
    }
  } finally {
    conn.close();
  }
  return { name: o.name, via: forwardLabel(t), results };
}
