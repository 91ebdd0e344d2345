import { defineFinding } from '../finding.ts';
import { isClusterName, isResolved } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'dns-policy-default',
    severity: 'error',
    message: 'Pod {{pod}} has dnsPolicy {{policy}}, so it uses {{nameservers}} and cannot resolve cluster names.',
    hint: 'Use `dnsPolicy: ClusterFirst` (the default), or {{hostNetHint}}.',
    docs: {
      summary: 'dnsPolicy Default means "the node\'s resolv.conf", not the cluster default; Services are not visible from there.',
      example: 'A Deployment copied from a node-agent manifest carries `dnsPolicy: Default`; `curl web` fails while `curl example.com` works.',
    },
  },
  check(f) {
    const pod = f.pod;
    if (!pod || isResolved(f)) return [];
    // Only a cluster name is lost to the node's (or dnsConfig's) resolvers; google.com is theirs to answer.
    if (!isClusterName(f)) return [];
    const hostFallback = pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst';
    if (pod.dnsPolicy !== 'Default' && !hostFallback) return [];
    if (hostFallback) return []; // host-network-dns-policy says it better
    return [
      {
        data: {
          pod: `${pod.namespace}/${pod.name}`,
          policy: pod.dnsPolicy,
          nameservers: f.resolv.nameservers.join(', ') || 'no nameserver',
          hostNetHint: 'add the cluster DNS through `dnsConfig` when the node resolvers must stay first',
        },
      },
    ];
  },
});
