/**
 * Benchmark: 10,000 real DNS queries (what `records --verify` of 10,000 records sends) against
 * the local NSD with the fixture zones; goal under 5 s. Prints figures; asserts nothing.
 *
 *   node bench/dns.ts            (Node 24: export PATH=node_modules/.bin:$PATH)
 * or from bench/run.mjs:  const { benchVerify } = await import('./dns.ts'); await benchVerify();
 */
import { runQueries } from '../src/dns/pool.ts';
import { startDnsServer } from '../test/harness/dns-server.ts';

export interface BenchDnsResult {
  queries: number;
  elapsedMs: number;
  qps: number;
  byStatus: Record<string, number>;
  ignored: number;
  transport: string;
}

/** Mix of the fixture's names: existing A, NXDOMAIN, NODATA, SRV, PTR. */
function workload(n: number): { name: string; type: string }[] {
  const kinds = [
    { name: 'web.shop.svc.cluster.local', type: 'A' },
    { name: '_postgres._tcp.db.shop.svc.cluster.local', type: 'SRV' },
    { name: 'api.shop.svc.cluster.local', type: 'AAAA' },
    { name: '7.12.96.10.in-addr.arpa', type: 'PTR' },
  ];
  return Array.from({ length: n }, (_, i) => (i % 5 === 4 ? { name: `svc-${i}.shop.svc.cluster.local`, type: 'A' } : kinds[i % 5]!));
}

export async function benchVerify(opts: { queries?: number; concurrency?: number; print?: boolean } = {}): Promise<BenchDnsResult[]> {
  const n = opts.queries ?? 10_000;
  const dns = await startDnsServer();
  const out: BenchDnsResult[] = [];
  try {
    const queries = workload(n);
    for (const transport of ['udp', 'tcp-pipelined'] as const) {
      const { connect } = await import('node:net');
      const r = await runQueries(queries, {
        server: dns,
        concurrency: opts.concurrency ?? 64,
        perQueryTimeoutMs: 2000,
        totalTimeoutMs: 60_000,
        ...(transport === 'tcp-pipelined' ? { transport: () => connect({ host: dns.host, port: dns.port }), streams: 2 } : {}),
      });
      const res = { queries: n, elapsedMs: r.elapsedMs, qps: Math.round((n / r.elapsedMs) * 1000), byStatus: r.byStatus, ignored: r.ignored, transport };
      out.push(res);
      if (opts.print !== false) {
        console.log(
          `dns verify: ${n} queries over ${transport.padEnd(13)} ${String(r.elapsedMs).padStart(6)} ms  ${String(res.qps).padStart(6)} q/s  ` +
            `${Object.entries(r.byStatus).map(([k, v]) => `${k} ${v}`).join(', ')}  (goal: < 5000 ms)`,
        );
      }
    }
  } finally {
    await dns.stop();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchVerify();
}
