import { defineFinding } from '../finding.ts';
import type { Facts } from '../facts.ts';

/** The kubelet handed a ClusterFirst pod a nameserver that is not the kube-dns Service (NodeLocal DNSCache without node-local-dns is nameserver-unowned's). */
export function clusterDnsMismatchApplies(f: Facts): boolean {
  if (!f.pod || f.path !== 'other' || !f.dnsServiceIP) return false;
  if (f.pod.dnsPolicy === 'Default' || f.pod.dnsPolicy === 'None' || (f.pod.hostNetwork && f.pod.dnsPolicy === 'ClusterFirst')) return false;
  return f.unowned?.reason !== 'nodelocal-missing';
}

export default defineFinding({
  meta: {
    id: 'cluster-dns-ip-mismatch',
    severity: 'error',
    message: 'The pod asks {{nameserver}}, but the cluster DNS Service {{service}} is {{serviceIP}}.',
    hint: 'Set the kubelet\'s clusterDNS to {{serviceIP}} (KubeletConfiguration `clusterDNS`) and recreate the pod, or give the Service the address the kubelets use.',
    docs: {
      summary: 'The kubelet writes its clusterDNS into every pod; when that is not the kube-dns ClusterIP, queries go nowhere.',
      example: 'The cluster was rebuilt with a new service CIDR (10.100.0.0/16) but the kubelet config still says clusterDNS 10.96.0.10.',
    },
  },
  check(f) {
    if (!clusterDnsMismatchApplies(f)) return [];
    const ns = f.resolv.nameservers[0]!;
    return [{ data: { nameserver: ns, service: `${f.dnsService!.namespace}/${f.dnsService!.name}`, serviceIP: f.dnsServiceIP! } }];
  },
});
