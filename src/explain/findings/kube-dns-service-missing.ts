import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'kube-dns-service-missing',
    severity: 'error',
    message: 'No cluster DNS Service was found (kube-system/kube-dns or the distribution\'s equivalent).',
    hint: 'Recreate the Service your distribution ships (kubeadm: `kubeadm init phase addon coredns`), keeping the clusterIP the kubelets use ({{clusterDNS}}).',
    docs: {
      summary: 'Pods send queries to the kubelet\'s clusterDNS address, which must be the ClusterIP of the DNS Service.',
      example: 'Someone deleted the kube-dns Service while cleaning up "unused" Services; every pod\'s nameserver now points at nothing.',
    },
  },
  check(f) {
    if (f.dnsService) return [];
    return [{ data: { clusterDNS: f.kubelet.clusterDNS?.join(', ') ?? f.resolv.nameservers[0] ?? 'unknown' } }];
  },
});
