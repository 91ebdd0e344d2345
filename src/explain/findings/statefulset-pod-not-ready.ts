import { defineFinding } from '../finding.ts';
import { effectiveStatus, triedCandidates } from '../queries.ts';

/** `db-1.db.shop.svc.cluster.local.` → host db-1 of Service shop/db. */
function hostOf(fqdn: string, domain: string): { host: string; service: string; namespace: string } | undefined {
  const suffix = `.svc.${domain}.`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const labels = fqdn.slice(0, -suffix.length).split('.');
  if (labels.length !== 3) return undefined;
  const [host, service, namespace] = labels as [string, string, string];
  return { host, service, namespace };
}

/**
 * A StatefulSet pod's own name (`db-1.db.shop`) is NXDOMAIN while its endpoint in the headless
 * Service is not ready: CoreDNS serves endpoint names from ready endpoints only.
 */
export default defineFinding({
  meta: {
    id: 'statefulset-pod-not-ready',
    severity: 'error',
    message: 'Pod {{pod}} is an endpoint of headless Service {{service}} but not ready, so CoreDNS does not serve {{fqdn}} (NXDOMAIN) until it is.',
    hint: '{{fix}}',
    docs: {
      summary:
        'A StatefulSet pod gets its stable name `<pod>.<service>.<namespace>.svc.<domain>` from its endpoint in the governing headless Service. CoreDNS publishes only ready endpoints (or, with `endpoint ... terminating` options, serving ones), so while the pod fails its readiness probe the name does not exist — a problem for databases whose members must find each other before any of them is ready. `publishNotReadyAddresses: true` on the Service makes the EndpointSlice controller mark the endpoints ready for DNS.',
      example:
        'A 3-member etcd or Cassandra StatefulSet: `db-1` waits for `db-0.db` to answer before it reports ready, while `db-0` waits for a quorum; neither name resolves and the cluster never forms.',
      sources: [
        'CoreDNS plugin/kubernetes/object/endpoint.go `EndpointSliceToEndpoints`: `if !endpointsliceReady(end.Conditions.Ready) { continue }` (serving with terminating endpoints enabled).',
        'Kubernetes pkg/controller/endpointslice (utils `podToEndpoint`): `ready := service.Spec.PublishNotReadyAddresses || podutil.IsPodReady(pod)`.',
      ],
    },
  },
  check(f) {
    for (const c of triedCandidates(f)) {
      if (effectiveStatus(c) !== 'NXDOMAIN') continue;
      const ref = hostOf(c.candidate.fqdn, f.clusterDomain);
      if (!ref) continue;
      const svc = f.view.services.find((s) => s.name === ref.service && s.namespace === ref.namespace && s.headless);
      if (!svc) continue;
      const eps = f.view.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name).flatMap((s) => s.endpoints);
      const ep = eps.find((e) => (e.hostname ?? e.targetRef?.name) === ref.host && e.ready === false);
      if (!ep) continue;
      const podName = ep.targetRef?.name ?? ref.host;
      const pod = f.view.pods.find((p) => p.namespace === svc.namespace && p.name === podName);
      const reason = pod?.containerStatuses.map((s) => s.waitingReason).find(Boolean);
      const fix = svc.publishNotReadyAddresses
        ? `The Service already sets publishNotReadyAddresses, but this slice says ready=false (written by hand or by another controller): CoreDNS reads only the slice's conditions.`
        : `Fix what keeps ${podName} unready${reason ? ` (${reason})` : ''}, or, when members must find each other before they are ready (databases forming a cluster), set \`publishNotReadyAddresses: true\` on Service ${svc.namespace}/${svc.name}.`;
      return [{ data: { pod: `${svc.namespace}/${podName}`, service: `${svc.namespace}/${svc.name}`, fqdn: c.candidate.fqdn, fix } }];
    }
    return [];
  },
});
