import { defineRule, type RuleReport } from '../rule.ts';
import { blockZones, eachPlugin, fallthroughZones, fallsThrough, kubernetesZones, findPlugins, zonesOrBlock } from '../corefile-walk.ts';
import { ANSWERING_PLUGINS } from '../plugin-roles.ts';
import { isSubdomain } from '../../shared/fqdn.ts';

export default defineRule({
  meta: {
    id: 'hosts-without-fallthrough',
    severity: 'warning',
    messages: {
      noFallthrough:
        '"hosts" answers every name in {{zones}} without "fallthrough": names not in its file get SERVFAIL and never reach {{others}}.',
      clusterZone:
        '"hosts" runs before "kubernetes" (plugin.cfg order) and has no "fallthrough": every cluster name under {{zones}} gets SERVFAIL.',
    },
    hint: 'Add "fallthrough" inside the hosts block (as k3s\'s NodeHosts block does).',
    docs: {
      summary:
        'Without `fallthrough`, the hosts plugin answers SERVFAIL for any name in its zones that its file does not list (plugin/hosts), so the plugins after it (kubernetes, forward) never see the query.',
      bad: '.:53 {\n    errors\n    hosts /etc/coredns/NodeHosts {\n        ttl 60\n    }\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    hosts /etc/coredns/NodeHosts {\n        ttl 60\n        fallthrough\n    }\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noFallthrough' | 'clusterZone'>[] = [];
    for (const { directive, block } of eachPlugin(ctx.corefile)) {
      if (directive.name.text !== 'hosts') continue;
      const others = block.body.directives
        .map((d) => d.name.text)
        .filter((n) => n !== 'hosts' && ANSWERING_PLUGINS.has(n));
      if (others.length === 0) continue;
      // hosts [FILE [ZONES...]]: zones follow the file; inline-only hosts use the block's zones
      const zones = zonesOrBlock(directive.args.slice(1), block);
      const ft = fallthroughZones(directive);
      const stuck = zones.filter((z) => !fallsThrough(ft, z));
      if (stuck.length === 0) continue;
      const k8sZones = findPlugins(block, 'kubernetes').flatMap((k) => kubernetesZones(k, block));
      const shadowed = k8sZones.filter((kz) => stuck.some((z) => isSubdomain(kz, z)));
      if (shadowed.length > 0) {
        reports.push({ messageId: 'clusterZone', data: { zones: shadowed.join(' ') }, token: directive.name, severity: 'error' });
      } else {
        reports.push({
          messageId: 'noFallthrough',
          data: { zones: stuck.join(' ') || blockZones(block).join(' '), others: [...new Set(others)].join(', ') },
          token: directive.name,
        });
      }
    }
    return reports;
  },
});
