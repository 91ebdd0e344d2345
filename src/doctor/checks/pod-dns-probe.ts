import { defineCheck } from '../check.ts';

/** Retried lookups above this share make the line FAIL (below: WARN). */
const FAIL_SHARE = 0.05;

export default defineCheck({
  meta: {
    id: 'pod-dns-probe',
    title: 'Lookups from the probed pod are fast and lose no query',
    hint:
      'Lost UDP queries cost the application a retry after `options timeout` (5 s by default). Known mitigations: (1) NodeLocal DNSCache — pods query a cache on their node, no DNAT/conntrack race, and it talks TCP to CoreDNS; (2) `options single-request-reopen` in the pod\'s dnsConfig (glibc only: A and AAAA on separate sockets when one reply is missing); (3) `options use-vc` (glibc ≥ 2.14: DNS over TCP); (4) a kernel with the conntrack race fixes (Linux 5.0+) — see docs/doctor/pod-dns-probe.md for the sources.',
    docs: {
      summary:
        'Only with `--probe-from [NS/]POD` (a pod you name; nothing runs otherwise): execs into the pod and times `--count N` lookups (A and AAAA, at most 1000, bounded in time) of one name, with dig (one query per type, `+tries=1` and the pod\'s resolv.conf timeout, against its first nameserver) or, where the image has no dig, getent (the C library itself: A and AAAA in parallel on one socket, exactly as the application). It reports the latency distribution, the queries lost, the retries they cost, and recognises the 5-second pattern: most lookups take milliseconds while some take the resolver\'s timeout. That is the mark of the Linux conntrack insertion race, where one of the A/AAAA pair sent from one socket through the kube-dns DNAT is dropped, and of any other loss on the path (a DNS pod being killed, an overloaded upstream). dig sends A then AAAA, not both at once, so it shows loss and latency but triggers the race less often than the application does; getent reproduces it.',
      example:
        'A Java service reports sporadic 5-second stalls on outgoing HTTP calls; `kubectl dns doctor --probe-from shop/web-6d4b8c7f9d-2lq8x --count 200` shows p50 2 ms, and 6 lookups of 5.00x s where exactly one of the A/AAAA pair was lost.',
      sources: [
        'https://www.weave.works/blog/racy-conntrack-and-dns-lookup-timeouts (Martynas Pumputis, Weaveworks, 2018: the insertion race, kernel fixes, mitigations)',
        'https://tech.xing.com/a-reason-for-unexplained-connection-timeouts-on-kubernetes-docker-abd041cf7e02 (XING, 2018: SNAT port collisions, the same conntrack races)',
        'https://github.com/kubernetes/kubernetes/issues/56903 (DNS intermittent delays of 5s)',
        'resolv.conf(5), glibc: timeout (RES_TIMEOUT 5 s), attempts (2), single-request (2.10), single-request-reopen (2.9), use-vc (2.14)',
        'glibc resolv/res_send.c send_dg (A and AAAA from one socket; the reopen on a missing reply)',
        'https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/ (Motivation: conntrack races, TCP to CoreDNS)',
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/',
      ],
    },
  },
  check(f) {
    const p = f.probe;
    if (!p) return { status: 'skip', evidence: ['not asked: add --probe-from [NS/]POD to time lookups from inside a pod'] };
    if (!p.analysis) return { status: 'skip', evidence: [`${p.pod}: ${p.problem ?? 'the probe did not run'}`], ...(p.problem?.includes('RBAC') ? { hint: 'Grant create on pods/exec (deploy/rbac.yaml\'s kubectl-dns-exec role).' } : {}) };
    const a = p.analysis;
    if (a.lookups === 0) return { status: 'skip', evidence: [`${p.pod}: no lookup completed${p.problem ? ` (${p.problem})` : ''}`] };
    const evidence = [
      `${p.pod}: ${a.lookups} lookups of ${a.name} (A+AAAA) with ${a.tool}${a.tool === 'dig' ? `, ${a.queries} queries` : ''}; resolv.conf timeout:${a.timeoutSeconds} attempts:${a.attempts}${a.options.length ? ` options ${a.options.join(' ')}` : ''}${a.stoppedByBudget ? ' (stopped at the time budget)' : ''}`,
      `latency p50 ${fmt(a.latencyMs.p50)}, p90 ${fmt(a.latencyMs.p90)}, p99 ${fmt(a.latencyMs.p99)}, max ${fmt(a.latencyMs.max)}`,
      `distribution: ${a.buckets.map((b) => `${b.label} ${b.count}`).join(', ')}`,
    ];
    if (a.tool === 'dig') evidence.push(`lost queries: ${a.timeouts} of ${a.queries}${a.onePairLost ? `; ${a.onePairLost} lookup${a.onePairLost === 1 ? '' : 's'} lost exactly one of the A/AAAA pair` : ''}`);
    if (a.retried) evidence.push(`${a.retried} of ${a.lookups} lookups ${a.tool === 'dig' ? 'would wait' : 'waited'} ${a.timeoutSeconds} s for the resolver's retry`);
    if (a.failedLookups) evidence.push(`${a.failedLookups} lookups failed (getent found no address)`);
    const bad = Object.entries(a.badRcodes);
    if (bad.length) evidence.push(`error answers: ${bad.map(([r, n]) => `${r} ${n}`).join(', ')}`);
    if (a.fiveSecondPattern) {
      evidence.push(`the ${a.timeoutSeconds}-second pattern: most lookups take milliseconds, ${a.timeoutShaped} took the resolver's timeout — a lost UDP query, as the conntrack race loses one of the A/AAAA pair`);
    }
    const has = (o: string) => a.options.some((x) => x === o);
    const already = ['single-request-reopen', 'single-request', 'use-vc'].filter(has);
    const hint = already.length ? `The pod already sets ${already.join(', ')} and still loses queries: look at the path instead — NodeLocal DNSCache, the CoreDNS pods' health (coredns-restarts, coredns-logs) and the node's conntrack table (conntrack -S: insert_failed, drop).` : undefined;
    const share = a.retried / a.lookups;
    const status = a.failedLookups > 0 || share >= FAIL_SHARE ? 'fail' : a.retried > 0 || bad.length ? 'warn' : 'ok';
    return { status, evidence, ...(hint && status !== 'ok' ? { hint } : {}) };
  },
});

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
