import { defineRule, type RuleReport } from '../rule.ts';
import { eachPlugin, fallthroughZones, fallsThrough, isReverseZone, kubernetesZones, property } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'kubernetes-missing-reverse-fallthrough',
    severity: 'warning',
    messages: {
      noFallthrough:
        'The kubernetes plugin is authoritative for {{zones}} without "fallthrough" for them: reverse lookups (PTR) of every address outside the cluster get NXDOMAIN instead of going upstream.',
    },
    hint: 'Add "fallthrough in-addr.arpa ip6.arpa" inside the kubernetes block.',
    docs: {
      summary:
        'With `in-addr.arpa ip6.arpa` as zones, the kubernetes plugin answers every reverse query; only `fallthrough in-addr.arpa ip6.arpa` lets PTR queries for non-cluster addresses (nodes, external hosts) reach `forward`, as kubeadm\'s default does.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noFallthrough'>[] = [];
    for (const { directive, block } of eachPlugin(ctx.corefile)) {
      if (directive.name.text !== 'kubernetes') continue;
      const reverse = kubernetesZones(directive, block).filter(isReverseZone);
      const ft = fallthroughZones(directive);
      const missing = reverse.filter((z) => !fallsThrough(ft, z));
      if (missing.length === 0) continue;
      reports.push({
        messageId: 'noFallthrough',
        data: { zones: missing.join(' ') },
        token: property(directive, 'fallthrough')?.name ?? directive.name,
      });
    }
    return reports;
  },
});
