import { defineFinding } from '../finding.ts';
import { isResolved } from '../queries.ts';
import { isSubdomain } from '../../shared/fqdn.ts';

/**
 * `web.` or `web.shop.`: a trailing dot makes the name absolute, so the search list is never
 * applied and only the top-level name is asked (upstream, NXDOMAIN) — while the Service exists.
 */
export default defineFinding({
  meta: {
    id: 'trailing-dot-not-fqdn',
    severity: 'error',
    message: '{{name}} ends with a dot, so the resolver asks only {{fqdn}} and never the search list, while Service {{service}} exists as {{full}}.',
    hint: 'Drop the trailing dot (`{{short}}`) so the search list applies, or write the full name with its dot (`{{full}}`).',
    docs: {
      summary:
        'A trailing dot marks a name as fully qualified: the stub resolver sends it as is, once, and never appends a search domain. `web.` is then a top-level name that only the Internet root could answer, not the Service `web` — a trailing dot belongs only after the full cluster name (`web.shop.svc.cluster.local.`).',
      example: 'A Helm value `host: "postgres."`, copied from a habit of writing FQDNs, makes the app look up the top-level name `postgres.` instead of the Service postgres in its namespace.',
      sources: [
        'glibc resolv/res_query.c `__res_context_search`: `if (dots >= statp->ndots || trailing_dot)` queries the name as is, and `if (ret > 0 || trailing_dot ...) return (ret);` — no search list after a trailing dot.',
        'musl src/network/lookup_name.c `name_from_dns_search`: "suppress search when >=ndots or name ends in a dot, which is an explicit request for global scope".',
      ],
    },
  },
  check(f) {
    if (!f.pod || !f.name.absolute || isResolved(f)) return [];
    const domain = f.clusterDomain;
    if (isSubdomain(f.name.fqdn, `${domain}.`)) return [];
    const labels = f.name.labels[f.name.labels.length - 1] === 'svc' ? f.name.labels.slice(0, -1) : f.name.labels;
    if (labels.length > 2) return [];
    const [service, namespace] = labels as [string, string | undefined];
    const own = f.pod.namespace;
    const svc =
      namespace !== undefined
        ? f.view.services.find((s) => s.name === service && s.namespace === namespace)
        : (f.view.services.find((s) => s.name === service && s.namespace === own) ?? f.view.services.find((s) => s.name === service));
    if (!svc) return [];
    const short = svc.namespace === own && namespace === undefined ? service : `${service}.${svc.namespace}`;
    return [{ data: { name: f.name.text, fqdn: f.name.fqdn, service: `${svc.namespace}/${svc.name}`, full: `${svc.name}.${svc.namespace}.svc.${domain}.`, short } }];
  },
});
