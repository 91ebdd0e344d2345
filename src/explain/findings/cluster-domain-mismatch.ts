import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'cluster-domain-mismatch',
    severity: 'error',
    message: 'The kubelet\'s cluster domain is {{domain}}, but the Corefile\'s kubernetes plugin serves {{zones}}.',
    hint: 'Make them agree: `kubernetes {{domain}} in-addr.arpa ip6.arpa` in the Corefile, or the kubelet\'s clusterDomain.',
    docs: {
      summary: 'Pods search NS.svc.<clusterDomain>; if CoreDNS serves another zone, every short name is forwarded upstream and fails.',
      example: 'The cluster was installed with `--service-dns-domain=corp.local` but the CoreDNS ConfigMap was copied from another cluster with `kubernetes cluster.local`.',
    },
  },
  check(f) {
    if (!f.kubeletKnown || !f.kubelet.clusterDomain || f.corefileAssumed) return [];
    const domain = f.kubelet.clusterDomain.replace(/\.$/, '').toLowerCase() + '.';
    const forward = f.kubernetesZones.filter((z) => !z.endsWith('.arpa.'));
    if (forward.length === 0 || forward.some((z) => domain === z || domain.endsWith('.' + z))) return [];
    return [{ data: { domain: domain.replace(/\.$/, ''), zones: forward.map((z) => z.replace(/\.$/, '')).join(', ') } }];
  },
});
