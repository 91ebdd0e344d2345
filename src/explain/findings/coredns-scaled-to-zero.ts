import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'coredns-scaled-to-zero',
    severity: 'error',
    message: 'Deployment {{deployment}} is scaled to 0 replicas, so no pod answers cluster DNS.',
    hint: 'Scale it back: `kubectl -n {{namespace}} scale deployment {{name}} --replicas=2`.',
    docs: {
      summary: 'With the DNS Deployment at zero replicas every query to the kube-dns Service goes unanswered.',
      example: 'A cost-saving job scaled every Deployment in kube-system to zero overnight, CoreDNS included.',
    },
  },
  check(f) {
    const d = f.deployment;
    if (!d || d.replicas !== 0) return [];
    return [{ data: { deployment: `${d.namespace}/${d.name}`, namespace: d.namespace, name: d.name } }];
  },
});
