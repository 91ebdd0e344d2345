import type { PodView, ServicePortView } from '../../model/view.ts';
import { defineCheck, plural } from '../check.ts';

function targetMatches(port: ServicePortView, pods: readonly PodView[]): boolean {
  const target = port.targetPort ?? port.port;
  const cports = pods.flatMap((p) => p.containers.flatMap((c) => c.ports ?? []));
  if (cports.length === 0) return true; // nothing to compare with
  return cports.some((c) => (typeof target === 'number' ? c.containerPort === target : c.name === target) && c.protocol === port.protocol);
}

export default defineCheck({
  meta: {
    id: 'kube-dns-service',
    title: 'The kube-dns Service and its EndpointSlices point at the ready CoreDNS pods',
    hint: 'Compare `kubectl -n kube-system get svc kube-dns -o yaml` with `kubectl -n kube-system get endpointslices -l kubernetes.io/service-name=kube-dns -o wide`: the selector must match the CoreDNS pods\' labels and the target ports their container ports.',
    docs: {
      summary:
        'Checks the cluster DNS Service (label k8s-app=kube-dns): a ClusterIP, UDP and TCP port 53 whose target ports exist on the CoreDNS containers, and EndpointSlices whose ready addresses are exactly the ready CoreDNS pods. An endpoint missing means a replica gets no traffic; a stale or not-ready one means a share of the queries goes nowhere and times out.',
      example: 'CoreDNS was redeployed from a Helm chart with the label app.kubernetes.io/name=coredns; the old kube-dns Service still selects k8s-app=kube-dns, has no endpoints, and every pod\'s resolv.conf points at a black hole.',
      sources: [
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/ (Is DNS service up? Are DNS endpoints exposed?)',
        'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions',
      ],
    },
  },
  check(f) {
    const svc = f.service;
    if (!svc) return { status: 'fail', evidence: ['no Service labelled k8s-app=kube-dns (nor kube-dns/coredns) in kube-system'], hint: 'Recreate the kube-dns Service from your distribution\'s manifest; its ClusterIP must be the kubelets\' clusterDNS address.' };
    const evidence: string[] = [];
    let status: 'ok' | 'warn' | 'fail' = 'ok';
    const ip = svc.clusterIPs.find((x) => x !== 'None' && x !== '');
    evidence.push(`Service ${svc.namespace}/${svc.name}: ${ip ? `ClusterIP ${svc.clusterIPs.join(', ')}` : 'no ClusterIP'}; ports ${svc.ports.map((p) => `${p.port}/${p.protocol}${p.targetPort !== undefined && p.targetPort !== p.port ? `->${p.targetPort}` : ''}`).join(', ') || 'none'}`);
    if (!ip) {
      evidence.push('a headless or ExternalName Service cannot be the nameserver in pods\' resolv.conf');
      status = 'fail';
    }
    for (const proto of ['UDP', 'TCP'] as const) {
      const p = svc.ports.find((x) => x.port === 53 && x.protocol === proto);
      if (!p) {
        evidence.push(`no ${proto} port 53${proto === 'TCP' ? ': truncated answers (large records, DNSSEC) cannot be retried over TCP' : ''}`);
        status = proto === 'UDP' ? 'fail' : status === 'ok' ? 'warn' : status;
      } else if (!targetMatches(p, f.dnsPods)) {
        evidence.push(`${proto} port 53 targets ${p.targetPort ?? p.port}, which no CoreDNS container exposes over ${proto}`);
        status = 'fail';
      }
    }
    const slices = f.view.endpointSlices.filter((s) => s.namespace === svc.namespace && s.serviceName === svc.name);
    const readyAddrs = new Set<string>();
    const notReady = new Set<string>();
    for (const s of slices) for (const e of s.endpoints) for (const a of e.addresses) (e.ready === false ? notReady : readyAddrs).add(a);
    const podIps = new Map<string, string>();
    for (const p of f.readyDnsPods) for (const a of p.podIPs) podIps.set(a, p.name);
    const missing = [...podIps].filter(([a]) => !readyAddrs.has(a)).map(([a, n]) => `${n} (${a})`);
    const stale = [...readyAddrs].filter((a) => !podIps.has(a));
    evidence.push(`${plural(slices.length, 'EndpointSlice')}: ${plural(readyAddrs.size, 'ready address', 'ready addresses')}${notReady.size ? `, ${notReady.size} not ready` : ''}; ${plural(f.readyDnsPods.length, 'ready CoreDNS pod')}`);
    if (slices.length === 0 || readyAddrs.size === 0) {
      evidence.push('no ready endpoint: every query to the Service address times out');
      return { status: 'fail', evidence };
    }
    if (missing.length) {
      evidence.push(`ready pods missing from the endpoints: ${missing.join(', ')}`);
      if (status === 'ok') status = 'warn';
    }
    if (stale.length) {
      evidence.push(`endpoints that are not a ready CoreDNS pod: ${stale.join(', ')} (queries sent there are lost)`);
      status = 'fail';
    }
    return { status, evidence };
  },
});
