import { defineCheck, plural } from '../check.ts';

export default defineCheck({
  meta: {
    id: 'coredns-replicas',
    title: 'CoreDNS replicas are ready',
    hint: 'Find out why the pods are not ready: `kubectl -n kube-system describe pod -l k8s-app=kube-dns` and `kubectl -n kube-system logs -l k8s-app=kube-dns --previous`.',
    docs: {
      summary:
        'Compares the CoreDNS workload\'s desired replicas with the pods that are Ready. Pods that are not ready are taken out of the kube-dns endpoints; with none ready, every lookup in the cluster times out, and with one replica a single node drain or eviction is a DNS outage.',
      example: 'A Corefile edit added a plugin this CoreDNS build does not have; the restarted pods crash-loop with `Unknown directive` and only one of two replicas is still ready.',
      sources: [
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/ (Check if the DNS pod is running)',
        'kubernetes/kubernetes cluster/addons/dns/coredns/coredns.yaml.base (the reference Deployment)',
      ],
    },
  },
  check(f) {
    const w = f.workload;
    const total = f.dnsPods.length;
    const ready = f.readyDnsPods.length;
    if (!w && total === 0) {
      return { status: 'fail', evidence: [f.configProblem ?? 'no CoreDNS workload found', 'no CoreDNS pod found (pods of the CoreDNS Deployment, or labelled k8s-app=kube-dns)'], hint: 'Install CoreDNS (kubeadm: `kubeadm init phase addon coredns`), or check that the tool looks in the right namespace.' };
    }
    const evidence: string[] = [];
    if (w) evidence.push(`${w.kind} ${w.namespace}/${w.name}: ${w.kind === 'Deployment' ? `${w.desired} desired` : `${w.desired} scheduled`}, ${w.ready} ready`);
    evidence.push(`${ready} of ${plural(total, 'pod')} ready${notReadyList(f.dnsPods.filter((p) => !f.readyDnsPods.includes(p)))}`);
    if (w && w.kind === 'Deployment' && w.desired === 0) return { status: 'fail', evidence, hint: `CoreDNS is scaled to zero: \`kubectl -n ${w.namespace} scale deployment ${w.name} --replicas=2\`.` };
    if (ready === 0) return { status: 'fail', evidence };
    if (ready < total || (w && ready < w.desired)) return { status: 'warn', evidence };
    if (w?.kind === 'Deployment' && w.desired === 1) {
      evidence.push('one replica: a node drain, eviction or crash of that pod is a cluster-wide DNS outage');
      return { status: 'warn', evidence, hint: `Run at least two replicas: \`kubectl -n ${w.namespace} scale deployment ${w.name} --replicas=2\` (or let an autoscaler do it).` };
    }
    return { status: 'ok', evidence };
  },
});

function notReadyList(pods: readonly { name: string; phase?: string; containerStatuses: { waitingReason?: string }[] }[]): string {
  if (pods.length === 0) return '';
  const shown = pods.slice(0, 3).map((p) => {
    const why = p.containerStatuses.map((s) => s.waitingReason).find(Boolean) ?? p.phase ?? 'not ready';
    return `${p.name} ${why}`;
  });
  return ` (not ready: ${shown.join(', ')}${pods.length > 3 ? ', ...' : ''})`;
}
