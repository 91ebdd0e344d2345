import { defineFinding } from '../finding.ts';
import { everyQueryTimedOut, triedCandidates } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'prediction-mismatch',
    severity: 'warning',
    message: '{{fqdn}} was predicted {{predicted}} from the cluster objects but came back {{observed}}.',
    hint: '{{why}}',
    docs: {
      summary: 'When the real answer differs from what the objects say, CoreDNS is serving something else: a cache, an old Corefile, another plugin, or objects that changed.',
      example: 'A Service was deleted a minute ago; CoreDNS\'s `cache 30` still hands out its old address.',
    },
  },
  check(f) {
    // Every query timed out: dns-unreachable says so once; "predicted X, came back TIMEOUT" per
    // query would only repeat it. A timeout among real answers is still a difference worth showing.
    if (everyQueryTimedOut(f)) return [];
    const out: { data: Record<string, string> }[] = [];
    // Only names the resolver really sends (a live dig asks every candidate; the libc stops earlier).
    for (const c of triedCandidates(f)) {
      for (const t of c.types) {
        const observed = t.observed;
        if (!observed || t.predicted === null) continue;
        const pa = t.prediction.answers.filter((a) => a.type === t.type).map((a) => a.data).sort();
        const oa = observed.answers.filter((a) => !a.endsWith('.')).sort();
        const sameStatus = observed.status === t.predicted;
        const sameData = observed.status !== 'NOERROR' || pa.length === 0 || JSON.stringify(pa) === JSON.stringify(oa);
        if (sameStatus && sameData) continue;
        const why =
          observed.status === 'TIMEOUT'
            ? 'No answer came back: check the path to the DNS pods (NetworkPolicy, kube-proxy, the node\'s conntrack table).'
            : t.predicted === 'NXDOMAIN' && observed.status === 'NOERROR'
              ? 'CoreDNS knows a name the objects do not: a recently deleted object still cached, or another plugin (hosts, file, rewrite) answers it.'
              : t.predicted === 'NOERROR' && observed.status === 'NXDOMAIN'
                ? 'CoreDNS does not know a name the objects have: a negative answer still cached, a new object not yet seen, or a Corefile that is not the one running.'
                : 'Compare the running Corefile and CoreDNS logs with the objects; the cache TTL explains differences that vanish after a minute.';
        out.push({
          data: {
            // One type asked (--type): the name alone, as before; getaddrinfo's pair: which of the two.
            fqdn: c.types.length > 1 ? `${c.candidate.fqdn} ${t.type}` : c.candidate.fqdn,
            predicted: t.predicted + (pa.length ? ` ${pa.join(', ')}` : ''),
            observed: observed.status + (oa.length ? ` ${oa.join(', ')}` : ''),
            why,
          },
        });
      }
    }
    return out;
  },
});
