import { defineFinding } from '../finding.ts';
import { triedCandidates } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'hosts-plugin-servfail',
    severity: 'error',
    message: 'The Corefile\'s hosts plugin answers SERVFAIL for {{fqdn}} because it has no entry for it and no `fallthrough`.',
    hint: 'Add `fallthrough` inside the hosts block so names it does not list go on to the kubernetes and forward plugins.',
    docs: {
      summary: 'Without fallthrough the hosts plugin owns every name in its zones; names it does not list get SERVFAIL.',
      example: 'A `hosts { 10.1.2.3 registry.corp }` block added to `.:53` to pin one name broke every other lookup in the cluster.',
    },
  },
  check(f) {
    const c = triedCandidates(f).find((x) => x.prediction.plugin === 'hosts' && x.prediction.status === 'SERVFAIL');
    return c ? [{ data: { fqdn: c.candidate.fqdn } }] : [];
  },
});
