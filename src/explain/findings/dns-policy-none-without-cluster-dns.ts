import { defineFinding } from '../finding.ts';
import { isClusterName, isResolved } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'dns-policy-none-without-cluster-dns',
    severity: 'error',
    message: 'Pod {{pod}} has dnsPolicy None and its dnsConfig does not list the cluster DNS ({{dnsIP}}){{searchPart}}.',
    hint: 'Add {{dnsIP}} to dnsConfig.nameservers and `{{namespace}}.svc.{{domain}}` to dnsConfig.searches, or use dnsPolicy ClusterFirst.',
    docs: {
      summary: 'With dnsPolicy None the pod gets only what its dnsConfig says: no cluster nameserver, no cluster search list.',
      example: 'A team set `dnsPolicy: None` with `nameservers: [1.1.1.1]` to speed up external lookups and lost every Service name.',
    },
  },
  check(f) {
    const pod = f.pod;
    if (!pod || pod.dnsPolicy !== 'None' || isResolved(f)) return [];
    // Only a cluster name is lost to the node's (or dnsConfig's) resolvers; google.com is theirs to answer.
    if (!isClusterName(f)) return [];
    const hasCluster = f.nameserverRoles.some((r) => r.role !== 'other');
    const hasSearch = f.resolv.search.some((s) => s.endsWith(`svc.${f.clusterDomain}`));
    if (hasCluster && hasSearch) return [];
    return [
      {
        data: {
          pod: `${pod.namespace}/${pod.name}`,
          dnsIP: f.dnsServiceIP ?? 'the kube-dns ClusterIP',
          searchPart: hasSearch ? '' : hasCluster ? ' and has no cluster search domains' : '',
          namespace: pod.namespace,
          domain: f.clusterDomain,
        },
      },
    ];
  },
});
