import { matchesSelector } from '../../model/label-selector.ts';
import { defineCheck } from '../check.ts';

export default defineCheck({
  meta: {
    id: 'coredns-pdb',
    title: 'A PodDisruptionBudget protects CoreDNS',
    hint: 'Add one: `kubectl -n kube-system create poddisruptionbudget coredns --selector=k8s-app=kube-dns --max-unavailable=1`.',
    docs: {
      summary:
        'Looks for a PodDisruptionBudget whose selector matches the CoreDNS pods and reads how many disruptions it allows now. Without one, a node drain or a cluster-autoscaler scale-down may evict every replica at once; a budget that allows no disruption while every pod is healthy blocks drains forever.',
      example: 'A node-pool upgrade drains two nodes in parallel; both CoreDNS replicas are evicted within seconds of each other and DNS is down until the new pods are ready.',
      sources: [
        'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
        'https://github.com/coredns/helm/blob/master/charts/coredns/values.yaml (podDisruptionBudget)',
      ],
    },
  },
  check(f) {
    const pods = f.dnsPods;
    const ns = f.workload?.namespace ?? pods[0]?.namespace;
    if (!ns) return { status: 'skip', evidence: ['no CoreDNS workload or pod to match a budget against'] };
    const labels = pods[0]?.labels ?? f.config?.deployment?.selector ?? {};
    const pdbs = f.view.podDisruptionBudgets.filter((b) => b.namespace === ns && Object.keys(labels).length > 0 && matchesSelector(b.selector, labels));
    if (pdbs.length === 0) {
      const n = f.view.podDisruptionBudgets.filter((b) => b.namespace === ns).length;
      return { status: 'warn', evidence: [`no PodDisruptionBudget in ${ns} selects the CoreDNS pods (${n} budget${n === 1 ? '' : 's'} in the namespace)`] };
    }
    const evidence: string[] = [];
    let blocking = false;
    for (const b of pdbs) {
      const rule = b.minAvailable !== undefined ? `minAvailable ${b.minAvailable}` : b.maxUnavailable !== undefined ? `maxUnavailable ${b.maxUnavailable}` : 'no minAvailable/maxUnavailable';
      evidence.push(`PodDisruptionBudget ${b.namespace}/${b.name}: ${rule}; ${b.currentHealthy} healthy of ${b.desiredHealthy} needed, ${b.disruptionsAllowed} disruption${b.disruptionsAllowed === 1 ? '' : 's'} allowed now`);
      if (b.disruptionsAllowed === 0 && b.currentHealthy > 0 && b.currentHealthy >= pods.length) blocking = true;
    }
    if (blocking) {
      evidence.push('every pod is healthy yet no disruption is allowed: node drains will wait forever');
      return { status: 'warn', evidence, hint: 'Allow one disruption: use maxUnavailable 1 (or minAvailable below the replica count) and run at least two replicas.' };
    }
    return { status: 'ok', evidence };
  },
});
