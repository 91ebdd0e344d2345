import { defineRule, type RuleReport } from '../rule.ts';
import { blockLabel, blockToken } from '../corefile-walk.ts';
import { ANSWERING_PLUGINS } from '../plugin-roles.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';

export default defineRule({
  meta: {
    id: 'no-answering-plugin',
    severity: 'warning',
    messages: {
      none: 'Server block {{label}} has no plugin that answers queries ({{present}}): every query it receives gets SERVFAIL.',
    },
    hint: 'Add the plugin that should answer (forward, kubernetes, file, hosts, template, ...) or remove the block.',
    docs: {
      summary:
        'Plugins such as errors, log, cache, health or prometheus only observe or modify answers; a server block with nothing else ends every query with "no next plugin found" (SERVFAIL).',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\nconsul.local:53 {\n    errors\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\nconsul.local:53 {\n    errors\n    cache 30\n    forward . 10.150.0.1\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'none'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      const names = block.body.directives.map((d) => d.name.text);
      if (names.some((n) => ANSWERING_PLUGINS.has(n))) continue;
      // Unknown plugins may answer (custom builds); unknown-plugin reports them.
      if (names.some((n) => n === 'import' || !getPluginSpec(n))) continue;
      reports.push({
        messageId: 'none',
        data: { label: blockLabel(block), present: names.length ? 'only ' + names.join(', ') : 'it is empty' },
        token: blockToken(block),
      });
    }
    return reports;
  },
});
