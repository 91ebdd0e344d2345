import { defineFinding } from '../finding.ts';
import { intendedService, isResolved } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'name-in-other-namespace',
    severity: 'error',
    message: 'There is no Service {{service}} in namespace {{namespace}}, but there is one in {{others}}.',
    hint: 'Use the namespace in the name: `{{suggestion}}` (or the full `{{fqdn}}`).',
    docs: {
      summary: 'A short name is searched in the pod\'s own namespace first; a Service in another namespace needs `name.namespace`.',
      example: '`curl db` from the `shop` namespace fails because the `db` Service lives in `data`; `curl db.data` works.',
    },
  },
  check(f) {
    if (isResolved(f) || !f.pod) return [];
    const want = intendedService(f);
    const namespace = want.namespace ?? f.pod.namespace;
    const here = f.view.services.some((s) => s.name === want.service && s.namespace === namespace);
    if (here) return [];
    const others = f.view.services.filter((s) => s.name === want.service && s.namespace !== namespace).map((s) => s.namespace);
    if (others.length === 0) return [];
    const first = others[0]!;
    return [
      {
        data: {
          service: want.service,
          namespace,
          others: others.join(', '),
          suggestion: `${want.service}.${first}`,
          fqdn: `${want.service}.${first}.svc.${f.clusterDomain}`,
        },
      },
    ];
  },
});
