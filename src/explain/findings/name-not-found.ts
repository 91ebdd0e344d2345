import { closest } from '../../lint/suggest.ts';
import { defineFinding } from '../finding.ts';
import { intendedService, isResolved } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'name-not-found',
    severity: 'error',
    message: 'No Service named {{service}} exists in any namespace{{suggestion}}.',
    hint: 'Check the spelling, or create the Service; `kubectl get svc -A | grep {{service}}` lists what exists.',
    docs: {
      summary: 'The name is not in the cluster, and nothing outside answers it either.',
      example: 'The client asks for `payment` while the Service is called `payments`.',
    },
  },
  check(f) {
    if (isResolved(f) || !f.pod) return [];
    if (f.walk.result === 'UNKNOWN' || f.path === 'none') return [];
    // The walk stopped early (musl on NODATA, glibc on a timeout): the names not asked might have answered.
    if (f.walk.notTried.length > 0) return [];
    // Only names that could be cluster names: a single label or name.namespace (or under the cluster domain).
    const bare = f.name.lower;
    // name.namespace only when the second label is a namespace (google.com is not; unknown namespaces: assume it is).
    const labels = bare.split('.');
    const nsKnown = f.view.namespaces.length === 0 || f.view.namespaces.some((n) => n.name === labels[1]);
    const clusterish = labels.length === 1 || (labels.length === 2 && nsKnown) || bare.endsWith(`.svc.${f.clusterDomain}`) || bare.endsWith('.svc');
    if (!clusterish) return [];
    const want = intendedService(f);
    if (f.view.services.some((s) => s.name === want.service)) return [];
    if (want.namespace && f.view.pods.some((p) => p.hostname === want.service)) return [];
    const near = closest(want.service, [...new Set(f.view.services.map((s) => s.name))]);
    const where = near ? f.view.services.find((s) => s.name === near)!.namespace : '';
    return [{ data: { service: want.service, suggestion: near ? `; did you mean ${near} (namespace ${where})?` : '' } }];
  },
});
