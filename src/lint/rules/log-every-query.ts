import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugins, hasPlugin } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'log-every-query',
    severity: 'info',
    messages: {
      everyQuery:
        '"log" without a class filter writes a line for every query this server block answers, including every search-list miss of every pod.',
    },
    hint: 'Use "log { class denial error }" to keep only failures, or enable full logging only while debugging.',
    docs: {
      summary:
        'Query logging in the cluster server block costs CPU and log volume in proportion to all DNS traffic of the cluster (each pod lookup can be 5+ queries with ndots:5).',
      bad: '.:53 {\n    errors\n    log\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    log {\n        class denial error\n    }\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'everyQuery'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      if (!hasPlugin(block, 'kubernetes')) continue;
      for (const d of findPlugins(block, 'log')) {
        const classes = (d.block?.directives ?? []).filter((p) => p.name.text === 'class').flatMap((p) => p.args.map((a) => a.text));
        if (classes.length === 0 || classes.includes('all') || classes.includes('success')) {
          reports.push({ messageId: 'everyQuery', token: d.name });
        }
      }
    }
    return reports;
  },
});
