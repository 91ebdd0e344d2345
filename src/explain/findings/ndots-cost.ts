import { defineFinding } from '../finding.ts';
import { answeringCandidate } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'ndots-cost',
    severity: 'info',
    message: '{{name}} has {{dots}} dot(s), fewer than ndots {{ndots}}, so {{wasted}} queries fail before {{fqdn}} answers.',
    hint: 'Write the name with a trailing dot (`{{absolute}}`) or set `dnsConfig.options: [{name: ndots, value: "{{suggested}}"}]` on the pod.',
    docs: {
      summary: 'With ndots 5 every external or namespace-qualified name first walks the whole search list; each miss is a round trip (A and AAAA).',
      example: '`curl api.github.com` from a pod sends 8 queries that end in NXDOMAIN (3 cluster search domains + the node\'s domain, A and AAAA) before the real one.',
    },
  },
  check(f) {
    const ans = answeringCandidate(f);
    if (!ans || f.walk.wastedQueries < 2) return [];
    const { bare: name, dots } = f.name;
    // Only worth saying when the answer is the name as written (the search list was pure cost).
    if (ans.candidate.kind !== 'absolute') return [];
    return [
      {
        severity: f.walk.wastedQueries >= 6 ? 'warning' : 'info',
        data: {
          name,
          dots,
          ndots: f.resolv.ndots,
          wasted: f.walk.wastedQueries,
          fqdn: ans.candidate.fqdn,
          absolute: name + '.',
          suggested: Math.max(1, Math.min(dots, 2)),
        },
      },
    ];
  },
});
