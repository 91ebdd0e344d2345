import { defineFinding } from '../finding.ts';
import { isClusterName, isResolved } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'host-network-dns-policy',
    severity: 'error',
    message: 'Pod {{pod}} uses the host network with dnsPolicy ClusterFirst, which the kubelet turns into the node\'s resolv.conf.',
    hint: 'Set `dnsPolicy: ClusterFirstWithHostNet` on host-network pods that must resolve cluster names.',
    docs: {
      summary: 'For hostNetwork pods ClusterFirst silently falls back to Default; ClusterFirstWithHostNet is the policy that keeps cluster DNS.',
      example: 'An ingress controller running with `hostNetwork: true` cannot reach `backend.shop` although the same image works without host networking.',
    },
  },
  check(f) {
    const pod = f.pod;
    if (!pod || !pod.hostNetwork || pod.dnsPolicy !== 'ClusterFirst' || isResolved(f)) return [];
    // Only a cluster name is lost to the node's (or dnsConfig's) resolvers; google.com is theirs to answer.
    if (!isClusterName(f)) return [];
    return [{ data: { pod: `${pod.namespace}/${pod.name}` } }];
  },
});
