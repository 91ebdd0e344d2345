/**
 * Where real DNS queries go (`records --verify`; `explain` shares the port-forward part):
 *
 *  1. `--dns-server HOST[:PORT]` when given (UDP, TCP retry on truncation; not probed: the user
 *     named it, and what it answers is the result);
 *  2. else a port-forward (TCP, RFC 7766 framing) through the API server to a ready CoreDNS pod,
 *     several pipelined streams for big record sets, proven first by one probe query;
 *  3. else the cluster DNS Service address over UDP, when a bounded probe gets an answer, and
 *     only when the process runs inside the cluster (in-cluster configuration) or the user opted
 *     in (--query-service-ip): from a laptop that address belongs to whatever network the laptop
 *     is on, and an unrelated server's answers would be reported as the cluster's.
 * Each path not taken is given a reason, so the caller can say why it fell back. Read-only: the
 * only API requests are the port-forward upgrades (GET).
 */
import type { Duplex } from 'node:stream';
import { err, ok, type Result } from '../shared/result.ts';
import type { DnsServerAddress, DuplexFactory, QueryOutcome } from '../dns/query.ts';
import type { ClusterClient } from './client.ts';
import { findDnsServiceAddress, findForwardTargets, type ForwardTarget } from '../model/coredns-config.ts';
import type { ClusterView } from '../model/view.ts';

// Which pod and port to forward to is a question asked of the model; the forward itself is here.
export { forwardTargetOf, type ForwardTarget } from '../model/coredns-config.ts';

export type DnsPathKind = 'dns-server' | 'port-forward' | 'service';

export interface DnsPath {
  kind: DnsPathKind;
  /** For 'port-forward' the pod's name and port (only used in messages). */
  server: DnsServerAddress;
  /** 'udp' or a factory of port-forward streams (pre-opens `streams` of them in parallel). */
  transport: 'udp' | DuplexFactory;
  /** Streams to open on a factory (runQueries' `streams`); 1 for UDP. */
  streams: number;
  /** What the path is, for the user: "port-forward to kube-system/coredns-x:53 (TCP)". */
  label: string;
  /** Why preferred paths were not used; empty when the first choice worked. */
  skipped: string[];
}

export interface ChoosePathOptions {
  view: ClusterView;
  /** Absent with --snapshot: then only dnsServer works. */
  client?: ClusterClient;
  dnsServer?: DnsServerAddress;
  /** The question a probe asks (any answer, even NXDOMAIN or REFUSED, proves the path). */
  probe: { name: string; type: string };
  /** Bound for each probe answer. */
  probeTimeoutMs: number;
  /** Bound for opening each port-forward (the WebSocket upgrade). */
  openTimeoutMs: number;
  /** Port-forward streams wanted for the real queries (default 1). */
  streams?: number;
  /** How many ready CoreDNS pods to try when a port-forward fails for a reason other than RBAC (default 2). */
  maxPods?: number;
  /**
   * Whether the cluster DNS Service address may be queried, and why: 'in-cluster' (the process
   * runs in a pod) or 'flag' (--query-service-ip). Absent: never (the default off-cluster).
   */
  serviceAddress?: 'in-cluster' | 'flag';
}

/**
 * Opens one port-forward stream to the target (src/cluster/portforward.ts), with the client's
 * impersonation headers. Rejects with PortForwardError (kind forbidden | timeout | error).
 */
export async function openDnsForward(client: ClusterClient, t: ForwardTarget, openTimeoutMs: number): Promise<Duplex> {
  const { openPortForward } = await import('./portforward.ts');
  return openPortForward(client.kubeConfig as never, t.namespace, t.pod, t.port, {
    timeoutMs: openTimeoutMs,
    ...(client.impersonateGroups.length ? { headers: { 'Impersonate-Group': client.impersonateGroups } } : {}),
  });
}

/**
 * A DuplexFactory for runQueries' stream transport: the first call starts `streams` port-forwards
 * at once (each costs an upgrade round trip; the pool asks for them one after another), and each
 * call hands out the next; calls beyond `streams` open a new one.
 */
export function portForwardFactory(client: ClusterClient, t: ForwardTarget, opts: { openTimeoutMs: number; streams?: number }): DuplexFactory {
  const n = Math.max(1, opts.streams ?? 1);
  let batch: Promise<Duplex>[] | undefined;
  let next = 0;
  return () => {
    if (!batch) {
      batch = Array.from({ length: n }, () => openDnsForward(client, t, opts.openTimeoutMs));
      for (const p of batch) p.catch(() => undefined); // each is awaited (or reported) when handed out
    }
    return next < batch.length ? batch[next++]! : openDnsForward(client, t, opts.openTimeoutMs);
  };
}

export function formatAddress(s: DnsServerAddress): string {
  return s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

export function forwardLabel(t: ForwardTarget): string {
  return `port-forward to ${t.namespace}/${t.pod}:${t.port} (TCP)`;
}

/** A probe answered when any DNS message came back (any rcode). */
function answered(o: QueryOutcome): boolean {
  return o.status !== 'TIMEOUT' && o.status !== 'ERROR';
}

function firstLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Chooses the path (see the file comment). Err is one line naming every path tried and why it
 * failed, ending with the advice to pass --dns-server.
 */
export async function chooseDnsPath(o: ChoosePathOptions): Promise<Result<DnsPath, string>> {
  if (o.dnsServer) {
    return ok({ kind: 'dns-server', server: o.dnsServer, transport: 'udp', streams: 1, label: `--dns-server ${formatAddress(o.dnsServer)}`, skipped: [] });
  }
  const { sendQuery } = await import('../dns/query.ts');
  const skipped: string[] = [];

  // A snapshot has no API server to forward through, and its Service address is someone else's network.
  if (!o.client) return err('a snapshot has no API server to port-forward through: pass --dns-server HOST[:PORT]');

  // 2. A port-forward to a ready CoreDNS pod.
  {
    const { targets, problem } = findForwardTargets(o.view);
    if (problem) skipped.push(problem);
    for (const t of targets.slice(0, Math.max(1, o.maxPods ?? 2))) {
      const where = `port-forward to ${t.namespace}/${t.pod}:${t.port}`;
      let stream: Duplex;
      try {
        stream = await openDnsForward(o.client, t, o.openTimeoutMs);
      } catch (e) {
        const kind = (e as { kind?: string }).kind;
        skipped.push(firstLine((e as Error).message));
        if (kind === 'forbidden') break; // RBAC: the next pod is refused the same way
        continue;
      }
      const probe = await sendQuery({ server: { host: t.pod, port: t.port }, ...o.probe, timeoutMs: o.probeTimeoutMs, transport: () => stream });
      if (!answered(probe)) {
        skipped.push(`${where}: the probe query got no answer (${firstLine(probe.error ?? probe.status)})`);
        continue;
      }
      const streams = Math.max(1, o.streams ?? 1);
      return ok({
        kind: 'port-forward',
        server: { host: t.pod, port: t.port },
        transport: portForwardFactory(o.client, t, { openTimeoutMs: o.openTimeoutMs, streams }),
        streams,
        label: forwardLabel(t),
        skipped,
      });
    }
  }

  // 3. The cluster DNS Service address over UDP (reachable from inside the cluster).
  const svc = findDnsServiceAddress(o.view);
  if (svc && !o.serviceAddress) {
    skipped.push(
      `the DNS Service address ${formatAddress({ host: svc.host, port: svc.port })} is not queried from outside the cluster (there it may belong to another network); pass --query-service-ip to query it anyway`,
    );
  } else if (!svc) {
    skipped.push('no cluster DNS Service address found (Service kube-system/kube-dns)');
  } else {
    const server = { host: svc.host, port: svc.port };
    const probe = await sendQuery({ server, ...o.probe, timeoutMs: o.probeTimeoutMs, transport: 'udp' });
    const label = `DNS Service ${svc.service} ${formatAddress(server)} (UDP)`;
    if (answered(probe)) return ok({ kind: 'service', server, transport: 'udp', streams: 1, label, skipped });
    const why = probe.status === 'TIMEOUT' ? `no answer within ${o.probeTimeoutMs} ms (reachable only from inside the cluster)` : firstLine(probe.error ?? probe.status);
    skipped.push(`${label}: ${why}`);
  }
  return err(`no DNS server to verify against: ${skipped.join('; ')}; pass --dns-server HOST[:PORT]`);
}
