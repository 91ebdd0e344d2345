import { defineRule, type RuleReport } from '../rule.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';
import { compareVersions } from '../../corefile/coredns-versions.ts';
import { eachPlugin } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'plugin-not-yet-available',
    severity: 'error',
    messages: {
      tooNew:
        'Plugin "{{name}}" was added in CoreDNS {{addedIn}} but this Corefile targets {{version}}: that CoreDNS refuses to start.',
    },
    hint: 'Upgrade CoreDNS to {{addedIn}} or later, or pass the right --coredns-version if the target is newer.',
    docs: {
      summary:
        'A plugin newer than the CoreDNS that runs the Corefile is an unknown directive to it; this happens when a Corefile copied from current docs meets an older cluster.',
      bad: '.:53 {\n    errors\n    dns64 64:ff9b::/96\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local\n    forward . /etc/resolv.conf\n}\n',
      options: { corednsVersion: '1.6.7' },
    },
  },
  check(ctx) {
    const reports: RuleReport<'tooNew'>[] = [];
    for (const { directive } of eachPlugin(ctx.corefile)) {
      const spec = getPluginSpec(directive.name.text);
      if (!spec?.addedIn || compareVersions(ctx.corednsVersion, spec.addedIn) >= 0) continue;
      reports.push({
        messageId: 'tooNew',
        data: { name: directive.name.text, addedIn: spec.addedIn, version: ctx.corednsVersion },
        token: directive.name,
      });
    }
    return reports;
  },
});
