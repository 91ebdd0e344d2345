import { defineRule, type RuleReport } from '../rule.ts';
import { blockLabel, blockToken, hasPlugin } from '../corefile-walk.ts';
import { ANSWERING_PLUGINS } from '../plugin-roles.ts';

export default defineRule({
  meta: {
    id: 'missing-errors',
    severity: 'info',
    messages: {
      noErrors: 'Server block {{label}} has no "errors" plugin: upstream failures and SERVFAIL causes are never logged.',
    },
    hint: 'Add "errors" to the server block so `kubectl logs` shows why queries fail.',
    docs: {
      summary:
        'The `errors` plugin writes the error behind each failed query to the log; without it a failing upstream or a broken plugin shows up only as SERVFAIL in clients.',
      bad: '.:53 {\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noErrors'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'errors')) continue;
      if (!block.body.directives.some((d) => ANSWERING_PLUGINS.has(d.name.text))) continue;
      reports.push({ messageId: 'noErrors', data: { label: blockLabel(block) }, token: blockToken(block) });
    }
    return reports;
  },
});
