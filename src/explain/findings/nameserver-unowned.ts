import { defineFinding } from '../finding.ts';
import { clusterDnsMismatchApplies } from './cluster-dns-ip-mismatch.ts';

/**
 * The pod's first nameserver is an address nothing answers at: NodeLocal DNSCache's link-local
 * address while no node-local-dns runs, or a service-range address no Service owns.
 */
export default defineFinding({
  meta: {
    id: 'nameserver-unowned',
    severity: 'error',
    message: 'The pod asks {{ip}}, {{what}}, so nothing answers and every query times out.',
    hint: '{{fix}}',
    docs: {
      summary:
        'A ClusterIP works only because kube-proxy (or the CNI) rewrites packets for the addresses of existing Services; an address in the service range that no Service has gets no rule and no answer. NodeLocal DNSCache\'s 169.254.20.10 answers only where the node-local-dns DaemonSet runs. A pod whose resolv.conf names such an address waits out every timeout (5 s × attempts per query) and then fails.',
      example:
        'The kubelets were configured with `clusterDNS: [169.254.20.10]` for NodeLocal DNSCache, but the node-local-dns DaemonSet was never applied (or was deleted): every new pod times out on every lookup. Or a pod\'s `dnsConfig.nameservers: [10.96.0.11]` was a typo for the kube-dns 10.96.0.10.',
      sources: [
        'kubelet pkg/kubelet/network/dns/dns.go `GetPodDNS`: the pod\'s nameservers are the kubelet\'s clusterDNS (ClusterFirst) or its dnsConfig (None), written as given, whether or not anything listens there.',
        'glibc resolv/res_send.c: an unanswered UDP query is retried `attempts` times per nameserver, each waiting `timeout` seconds, then fails with TRY_AGAIN.',
      ],
    },
  },
  check(f) {
    const u = f.unowned;
    if (!f.pod || !u || f.path !== 'other') return [];
    // For a ClusterFirst pod with a wrong service-range address, cluster-dns-ip-mismatch says it (and the fix) once.
    if (u.reason === 'service-range' && clusterDnsMismatchApplies(f)) return [];
    const what = u.reason === 'nodelocal-missing' ? 'NodeLocal DNSCache\'s address, but no node-local-dns DaemonSet runs in the cluster' : 'an address in the service range that no Service, endpoint or pod has';
    const fix =
      u.reason === 'nodelocal-missing'
        ? `Deploy NodeLocal DNSCache (the node-local-dns DaemonSet), or point the kubelet's clusterDNS back at ${u.meant ?? 'the kube-dns Service'} and recreate the pods.`
        : `Use the cluster DNS Service${u.meant ? ` ${u.meant}` : ''}: fix the pod's dnsConfig.nameservers or the kubelet's clusterDNS, then recreate the pod.`;
    return [{ data: { ip: u.ip, what, fix } }];
  },
});
