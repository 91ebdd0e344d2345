import { defineRule, type RuleReport } from '../rule.ts';
import { blockToken, eachPlugin, hasPlugin, kubernetesZones } from '../corefile-walk.ts';
import { isSubdomain } from '../../shared/fqdn.ts';

export default defineRule({
  meta: {
    id: 'file-shadows-cluster-zone',
    severity: 'warning',
    messages: {
      file:
        'This server block serves {{zone}} from a zone file on port {{port}}, so queries for it never reach the kubernetes plugin serving {{k8sZone}} (line {{k8sLine}}).',
      block:
        'This server block takes {{zone}} on port {{port}} away from the kubernetes plugin serving {{k8sZone}} (line {{k8sLine}}): CoreDNS routes each query to the most specific zone.',
    },
    hint: 'Remove the server block, or serve the extra names from the kubernetes block (e.g. "file" after "kubernetes" with "fallthrough").',
    docs: {
      summary:
        'CoreDNS hands a query to the server block with the longest matching zone; a block for the cluster zone (or a zone under it) without `kubernetes` hides every Service and Pod name there.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\ncluster.local:53 {\n    file /etc/coredns/db.cluster.local\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\nexample.internal:53 {\n    file /etc/coredns/db.example.internal\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'file' | 'block'>[] = [];
    const k8s = [...eachPlugin(ctx.corefile)]
      .filter((p) => p.directive.name.text === 'kubernetes')
      .flatMap(({ directive, block }) =>
        kubernetesZones(directive, block)
          .filter((z) => z !== '.' && !z.endsWith('arpa.'))
          .map((zone) => ({ zone, block, directive, ports: block.keys.map((k) => `${k.scheme}:${k.port}`) })),
      );
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'kubernetes')) continue;
      for (const key of block.keys) {
        for (const zone of key.zones) {
          const hit = k8s.find((k) => k.block !== block && isSubdomain(zone, k.zone) && k.ports.includes(`${key.scheme}:${key.port}`));
          if (!hit) continue;
          reports.push({
            messageId: hasPlugin(block, 'file') ? 'file' : 'block',
            data: { zone, port: key.port, k8sZone: hit.zone, k8sLine: hit.directive.name.line },
            token: key.token ?? blockToken(block),
          });
        }
      }
    }
    return reports;
  },
});
