import { defineRule, type RuleReport } from '../rule.ts';
import { eachPlugin, fallthroughZones, fallsThrough, isReverseZone, kubernetesZones, plugins, property } from '../corefile-walk.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';
import { ANSWERING_PLUGINS } from '../plugin-roles.ts';

/** Zones named in the message: a /17 alone expands to 128 reverse zones. */
const MAX_LISTED = 4;

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
      // Fallthrough only helps when a plugin after kubernetes in the chain (forward, file, ...)
      // could answer; without one the block is meant to own these reverse zones.
      const order = getPluginSpec('kubernetes')!.order;
      const later = plugins(block).some((p) => ANSWERING_PLUGINS.has(p.name.text) && (getPluginSpec(p.name.text)?.order ?? -1) > order);
      if (!later) continue;
      const zones = missing.length > MAX_LISTED ? `${missing.slice(0, MAX_LISTED - 1).join(' ')} and ${missing.length - MAX_LISTED + 1} more` : missing.join(' ');
      reports.push({
        messageId: 'noFallthrough',
        data: { zones },
        token: property(directive, 'fallthrough')?.name ?? directive.name,
      });
    }
    return reports;
  },
});
