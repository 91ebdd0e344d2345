import { defineFinding } from '../finding.ts';
import { serviceNameOf, triedCandidates } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'headless-no-ready-endpoints',
    severity: 'error',
    message: 'Headless Service {{service}} has no ready endpoint ({{notReady}} not ready), so its name does not exist in DNS.',
    hint: 'Make the pods ready, or set `publishNotReadyAddresses: true` on the Service when peers must find each other before they are ready (StatefulSet bootstrapping).',
    docs: {
      summary: 'A headless Service answers with its ready endpoints only; with none ready CoreDNS answers NXDOMAIN.',
      example: 'A 3-node database StatefulSet whose readiness probe needs the cluster formed: no pod is ready, so the pods cannot find each other.',
    },
  },
  check(f) {
    const seen = new Set<string>();
    const out: { data: Record<string, string | number> }[] = [];
    for (const c of triedCandidates(f)) {
      const ref = serviceNameOf(c.candidate.fqdn, f.clusterDomain);
      if (!ref) continue;
      const svc = f.view.services.find((s) => s.name === ref.service && s.namespace === ref.namespace && s.headless);
      if (!svc || seen.has(svc.name + '/' + svc.namespace) || svc.publishNotReadyAddresses) continue;
      seen.add(svc.name + '/' + svc.namespace);
      const slices = f.view.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
      const eps = slices.flatMap((s) => s.endpoints);
      if (eps.some((e) => e.ready !== false)) continue;
      out.push({ data: { service: `${svc.namespace}/${svc.name}`, notReady: eps.length } });
    }
    return out;
  },
});
