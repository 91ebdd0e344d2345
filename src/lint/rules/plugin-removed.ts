import { defineRule, type RuleReport } from '../rule.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';
import { compareVersions } from '../../corefile/coredns-versions.ts';
import { eachPlugin } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'plugin-removed',
    severity: 'error',
    messages: {
      removed:
        'Plugin "{{name}}" was removed in CoreDNS {{removedIn}} and this Corefile targets {{version}}: CoreDNS refuses to start.',
    },
    hint: 'Use {{replacement}} instead.',
    docs: {
      summary:
        'Plugins removed from CoreDNS (such as `proxy`, removed in 1.7.0 in favour of `forward`) make a newer CoreDNS refuse the whole Corefile, typically right after a cluster upgrade.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    proxy . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'removed'>[] = [];
    for (const { directive } of eachPlugin(ctx.corefile)) {
      const spec = getPluginSpec(directive.name.text);
      if (!spec?.removedIn || compareVersions(ctx.corednsVersion, spec.removedIn) < 0) continue;
      const replacement = spec.replacedBy?.length ? spec.replacedBy.map((r) => `"${r}"`).join(' or ') : 'a supported plugin';
      reports.push({
        messageId: 'removed',
        data: { name: directive.name.text, removedIn: spec.removedIn, version: ctx.corednsVersion, replacement },
        token: directive.name,
        hint: spec.replacedBy?.length ? 'Use {{replacement}} instead.' : 'Remove it; see the CoreDNS release notes of {{removedIn}}.',
      });
    }
    return reports;
  },
});
