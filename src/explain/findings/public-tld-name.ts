import { defineFinding } from '../finding.ts';
import { PUBLIC_TLDS_LIKE_NAMESPACES } from '../facts/name.ts';
import { isClusterName, isResolved, answeringCandidate } from '../queries.ts';

/**
 * `web.shop`, `db.app`: a cluster name whose last label is a real top-level domain. When the
 * cluster candidates fail, the resolver asks the name as is — on the Internet.
 */
export default defineFinding({
  meta: {
    id: 'public-tld-name',
    severity: 'warning',
    message: '{{name}} ends in .{{tld}}, a real top-level domain: {{when}}, the resolver asks {{fqdn}} on the Internet, where whoever registers it answers.',
    hint: 'Write the cluster name in full (`{{full}}`, or `{{short}}.svc`) so that a failure stays inside the cluster.',
    docs: {
      summary:
        'Namespaces are often named like top-level domains that exist (`shop`, `app`, `dev`, `io`, `cloud`). `web.shop` works through the search list while Service web exists in namespace shop; when it does not (a typo, the Service deleted, another namespace), the resolver ends the walk by asking `web.shop.` as is, and the public DNS may answer it — with an address someone else controls.',
      example: 'The checkout service calls `payments.shop`; after the payments Service is renamed, lookups fall through to `payments.shop.`, a registered domain, and requests with credentials go to the Internet.',
      sources: [
        'glibc resolv/res_query.c `__res_context_search`: after the search list, "If the query has not already been tried as is then try it" (`__res_context_querydomain (ctx, name, NULL, ...)`).',
        'musl src/network/lookup_name.c `name_from_dns_search`: the search domains, then `name_from_dns(buf, canon, name, family, &conf)` for the name as is.',
      ],
    },
  },
  check(f) {
    if (!f.pod || f.name.absolute || f.name.labels.length < 2 || !isClusterName(f)) return [];
    const tld = f.name.labels.at(-1)!;
    if (!PUBLIC_TLDS_LIKE_NAMESPACES.has(tld)) return [];
    const asIs = f.candidates.find((c) => c.candidate.kind === 'absolute');
    if (!asIs) return [];
    const resolved = isResolved(f) && answeringCandidate(f)?.candidate.kind !== 'absolute';
    const [first, second] = f.name.labels as [string, string];
    return [
      {
        severity: resolved ? 'info' : 'warning',
        data: {
          name: f.name.text,
          tld,
          when: resolved ? 'should the cluster names ever fail (a typo, the Service deleted)' : 'the cluster names fail here, so',
          fqdn: asIs.candidate.fqdn,
          full: `${first}.${second}.svc.${f.clusterDomain}`,
          short: `${first}.${second}`,
        },
      },
    ];
  },
});
