import { defineRule, type RuleReport } from '../rule.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';
import { DATA_PLUGINS, EARLY_PLUGINS } from '../plugin-roles.ts';

export default defineRule({
  meta: {
    id: 'plugin-order-ignored',
    severity: 'info',
    messages: {
      order:
        '"{{late}}" is written after "{{early}}" (line {{earlyLine}}) but runs before it: CoreDNS runs plugins in the order fixed by its build (plugin.cfg), not in the order of the Corefile.',
    },
    hint: 'Order in the file has no effect; write the plugins in chain order to keep the file honest.',
    docs: {
      summary:
        'Authors often expect `rewrite` written after `kubernetes` to apply to its answers, or `hosts` written last to be a fallback; the chain order is compiled into CoreDNS (plugin.cfg) and the Corefile order is ignored.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    rewrite name db.example.com db.prod.svc.cluster.local\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    rewrite name db.example.com db.prod.svc.cluster.local\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'order'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      const written = block.body.directives;
      for (let i = 0; i < written.length; i++) {
        const late = written[i]!;
        if (!EARLY_PLUGINS.has(late.name.text)) continue;
        const lateOrder = getPluginSpec(late.name.text)?.order;
        if (lateOrder === undefined) continue;
        const early = written
          .slice(0, i)
          .find((d) => DATA_PLUGINS.has(d.name.text) && (getPluginSpec(d.name.text)?.order ?? -1) > lateOrder);
        if (!early) continue;
        reports.push({
          messageId: 'order',
          data: { late: late.name.text, early: early.name.text, earlyLine: early.name.line },
          token: late.name,
        });
      }
    }
    return reports;
  },
});
