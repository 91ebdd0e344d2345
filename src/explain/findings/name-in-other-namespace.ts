import { defineFinding } from '../finding.ts';
import type { Facts } from '../facts.ts';
import { isResolved } from '../queries.ts';
import { lookupKubernetes } from '../../records/lookup.ts';

/** One way to read the name: `head` asked in `namespace` (`head.namespace.svc.DOMAIN`). */
interface Reading {
  head: string;
  namespace: string;
}

/**
 * The readings of a name that did not resolve: relative to the pod's namespace (the first search
 * domain: `web`, `db-0.db`, `_http._tcp.web`), and — when the last label (before `.svc` or
 * `.svc.DOMAIN`) is a namespace — `head.namespace` (`web.default`, `db-0.db.default`).
 */
function readings(f: Facts, namespaces: readonly string[]): Reading[] {
  const bare = f.name.lower;
  const full = `.svc.${f.clusterDomain}`;
  const explicit = bare.endsWith(full) ? bare.slice(0, -full.length) : bare.endsWith('.svc') ? bare.slice(0, -4) : undefined;
  const out: Reading[] = [];
  const base = explicit ?? bare;
  const labels = base.split('.');
  const last = labels.at(-1)!;
  if (labels.length >= 2 && (explicit !== undefined || namespaces.includes(last))) out.push({ head: labels.slice(0, -1).join('.'), namespace: last });
  if (explicit === undefined && f.pod) out.push({ head: bare, namespace: f.pod.namespace });
  return out;
}

function whatOf(head: string): string {
  if (head.startsWith('_')) return 'Service port name';
  return head.includes('.') ? 'pod name' : 'Service';
}

export default defineFinding({
  meta: {
    id: 'name-in-other-namespace',
    severity: 'error',
    message: 'There is no {{what}} {{service}} in namespace {{namespace}}, but there is one in {{others}}.',
    hint: 'Use the namespace in the name: `{{suggestion}}` (or the full `{{fqdn}}`).',
    docs: {
      summary:
        'A short name is searched in the pod\'s own namespace first; a Service in another namespace needs `name.namespace`. The same holds for a StatefulSet pod\'s `hostname.subdomain` (`db-0.db` → `db-0.db.shop`), a headless Service\'s endpoint names and SRV-style port names (`_http._tcp.web` → `_http._tcp.web.shop`).',
      example: '`curl db` from the `shop` namespace fails because the `db` Service lives in `data`; `curl db.data` works. `psql -h db-0.db` from `default` fails for a StatefulSet in `shop`; `db-0.db.shop` works.',
    },
  },
  check(f) {
    if (isResolved(f) || !f.pod) return [];
    const namespaces = f.view.namespaces.length
      ? f.view.namespaces.map((n) => n.name)
      : [...new Set([...f.view.pods.map((p) => p.namespace), ...f.view.services.map((s) => s.namespace)])];
    const opts = f.kubernetesOptions;
    const exists = (head: string, ns: string): boolean => {
      if (!opts) {
        // No kubernetes block to ask: a Service of that name is the only thing we can see.
        return !head.includes('.') && f.view.services.some((s) => s.name === head && s.namespace === ns);
      }
      const fqdn = `${head}.${ns}.svc.${f.clusterDomain}.`;
      return lookupKubernetes(f.view, opts, fqdn, f.qtype).rcode === 'NOERROR';
    };
    for (const r of readings(f, namespaces)) {
      if (r.head === '' || exists(r.head, r.namespace)) continue;
      const others = namespaces.filter((ns) => ns !== r.namespace && exists(r.head, ns));
      if (others.length === 0) continue;
      const first = others[0]!;
      return [
        {
          data: {
            what: whatOf(r.head),
            service: r.head,
            namespace: r.namespace,
            others: others.join(', '),
            suggestion: `${r.head}.${first}`,
            fqdn: `${r.head}.${first}.svc.${f.clusterDomain}`,
          },
        },
      ];
    }
    return [];
  },
});
