import { defineFinding } from '../finding.ts';
import { answeringCandidate, serviceNameOf } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'service-without-endpoints',
    severity: 'warning',
    message: '{{name}} resolves to {{ip}}, but Service {{service}} has no ready endpoint, so connections to it will fail.',
    hint: 'DNS is fine; check the Service selector ({{selector}}) against the pods\' labels and the pods\' readiness.',
    docs: {
      summary: 'A ClusterIP Service resolves whether or not anything backs it; "curl web" then fails with connection refused or a timeout, not a DNS error.',
      example: 'The Service selects `app: web` while the Deployment\'s pods are labelled `app.kubernetes.io/name: web`.',
    },
  },
  check(f) {
    const ans = answeringCandidate(f);
    if (!ans) return [];
    const ref = serviceNameOf(ans.candidate.fqdn, f.clusterDomain);
    if (!ref) return [];
    const svc = f.view.services.find((s) => s.name === ref.service && s.namespace === ref.namespace);
    if (!svc || svc.headless || svc.type === 'ExternalName') return [];
    const slices = f.view.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
    if (slices.some((s) => s.endpoints.some((e) => e.ready !== false))) return [];
    return [
      {
        data: {
          name: f.name.text,
          ip: svc.clusterIPs.join(', '),
          service: `${svc.namespace}/${svc.name}`,
          selector: Object.entries(svc.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || 'none: endpoints must be managed by hand',
        },
      },
    ];
  },
});
