import { defineRule, type RuleReport } from '../rule.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';
import { compareVersions } from '../../corefile/coredns-versions.ts';
import { eachPlugin } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'plugin-deprecated',
    severity: 'warning',
    messages: {
      deprecated:
        'Plugin "{{name}}" is deprecated since CoreDNS {{deprecatedIn}}{{removal}}: the next upgrade may refuse this Corefile.',
    },
    hint: 'Move to {{replacement}} before upgrading CoreDNS.',
    docs: {
      summary:
        'A deprecated plugin still works in the targeted CoreDNS version but is scheduled for removal; replace it before the upgrade that removes it.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    proxy . /etc/resolv.conf\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
      options: { corednsVersion: '1.4.0' },
    },
  },
  check(ctx) {
    const reports: RuleReport<'deprecated'>[] = [];
    for (const { directive } of eachPlugin(ctx.corefile)) {
      const spec = getPluginSpec(directive.name.text);
      if (!spec?.deprecatedIn || compareVersions(ctx.corednsVersion, spec.deprecatedIn) < 0) continue;
      if (spec.removedIn && compareVersions(ctx.corednsVersion, spec.removedIn) >= 0) continue; // plugin-removed reports it
      const replacement = spec.replacedBy?.length ? spec.replacedBy.map((r) => `"${r}"`).join(' or ') : 'a supported plugin';
      reports.push({
        messageId: 'deprecated',
        data: {
          name: directive.name.text,
          deprecatedIn: spec.deprecatedIn,
          removal: spec.removedIn ? ` and removed in ${spec.removedIn}` : '',
          replacement,
        },
        token: directive.name,
      });
    }
    return reports;
  },
});
