import { defineRule, type RuleReport } from '../rule.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';

export default defineRule({
  meta: {
    id: 'plugin-repeated',
    severity: 'error',
    messages: {
      repeated:
        'Plugin "{{name}}" appears again in this server block (first at line {{firstLine}}): CoreDNS refuses to start ("this plugin can only be used once per Server Block").',
    },
    hint: 'Merge the two lines into one; use a separate server block to give a zone its own settings.',
    docs: {
      summary:
        'Most plugins may appear only once per server block (plugin.ErrOnce in their setup.go); a second line, often left behind by a copy-paste or an import, stops CoreDNS at start-up.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    cache 300\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'repeated'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      const seen = new Map<string, number>();
      for (const d of block.body.directives) {
        const name = d.name.text;
        const spec = getPluginSpec(name);
        if (!spec?.once) continue;
        const first = seen.get(name);
        if (first === undefined) seen.set(name, d.name.line);
        else reports.push({ messageId: 'repeated', data: { name, firstLine: first }, token: d.name });
      }
    }
    return reports;
  },
});
