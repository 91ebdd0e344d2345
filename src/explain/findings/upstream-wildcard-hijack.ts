import { defineFinding } from '../finding.ts';
import { answeringCandidate, isClusterName } from '../queries.ts';

/**
 * A search-list name under a domain outside the cluster was assumed NXDOMAIN (its upstream's
 * most likely answer) but the real query came back NOERROR, and the walk stopped there: a
 * wildcard record of that domain catches every name tried under it.
 */
export default defineFinding({
  meta: {
    id: 'upstream-wildcard-hijack',
    severity: 'error',
    message: 'The upstream answers {{fqdn}} ({{answers}}), a search-list name under {{domain}}, so the resolver stops there and {{name}} never reaches {{next}}.',
    hint: 'A wildcard record (*.{{domain}}) catches every name tried under that domain: write the name fully qualified with a trailing dot ({{absolute}}), or take {{domain}} out of the pod\'s search list (dnsPolicy None with dnsConfig, or the node\'s resolv.conf).',
    docs: {
      summary:
        'A search domain outside the cluster whose DNS answers every name (a wildcard record) turns each candidate the resolver builds under it into an answer. The resolver takes the first NOERROR with records and stops: names later in the walk — often the real one — are never asked. Offline kubectl-dns assumes such names are NXDOMAIN and lists that assumption in the verdict; sent for real, an answer there becomes this finding.',
      example:
        'A node on a VPC whose resolv.conf says `search corp.example`, where the corporate zone has `*.corp.example A 203.0.113.10`: `curl api.github.com` from a pod walks `api.github.com.corp.example.` before `api.github.com.` and connects to 203.0.113.10.',
      sources: [
        'glibc resolv/res_query.c `__res_context_search`: the first search-list query that returns an answer ends the walk (`if (ret > 0 ...) return (ret);`).',
        'musl src/network/lookup_name.c `name_from_dns_search`: `cnt = name_from_dns(...); if (cnt) return cnt;` — any answer ends the walk.',
      ],
    },
  },
  check(f) {
    const ans = answeringCandidate(f);
    if (!ans || ans.candidate.kind !== 'search' || !ans.observed) return [];
    const assumedNx = ans.types.some((t) => t.assumption?.status === 'NXDOMAIN' && t.observed?.status === 'NOERROR');
    if (!assumedNx) return [];
    const later = f.candidates.slice(f.candidates.indexOf(ans) + 1).map((c) => c.candidate.fqdn);
    return [
      {
        severity: isClusterName(f) || later.length > 0 ? 'error' : 'warning',
        data: {
          fqdn: ans.candidate.fqdn,
          answers: ans.observed.answers.join(', ') || 'records',
          domain: ans.candidate.domain ?? '',
          name: f.name.text,
          next: later.join(', ') || 'the name as written',
          absolute: `${f.name.bare}.`,
        },
      },
    ];
  },
});
