import { defineFinding } from '../finding.ts';
import { nodeLocalUpstream } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'nodelocal-dns-in-path',
    severity: 'info',
    message: 'The pod asks NodeLocal DNSCache at {{ip}} first; it caches and forwards cluster names to {{upstream}}.',
    hint: 'When answers are stale or differ from CoreDNS, check the node-local-dns pod on node {{node}} (`kubectl -n kube-system logs -l k8s-app=node-local-dns`).',
    docs: {
      summary: 'With NodeLocal DNSCache the path is pod → node-local cache → CoreDNS; a failure can sit in either.',
      example: 'After an upgrade the node-local-dns DaemonSet was not rolled and still forwards to an old kube-dns IP.',
    },
  },
  check(f) {
    const r = f.nameserverRoles.find((x) => x.role === 'nodelocal');
    if (!r) return [];
    return [{ data: { ip: r.ip, upstream: nodeLocalUpstream(f), node: f.pod?.nodeName ?? 'the pod\'s node' } }];
  },
});
