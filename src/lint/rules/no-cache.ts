import { defineRule, type RuleReport } from '../rule.ts';
import { blockLabel, blockToken, hasPlugin } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'no-cache',
    severity: 'warning',
    messages: {
      noCache:
        'Server block {{label}} {{what}} but has no "cache": every query goes {{where}}, adding latency and load.',
    },
    hint: 'Add "cache 30" (kubeadm\'s default) to the server block.',
    docs: {
      summary:
        'Pods repeat the same lookups constantly (and the search list multiplies them); without `cache` each one is answered again by the kubernetes plugin or sent upstream.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noCache'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'cache')) continue;
      const forwards = hasPlugin(block, 'forward');
      if (!forwards && !hasPlugin(block, 'kubernetes')) continue;
      reports.push({
        messageId: 'noCache',
        data: {
          label: blockLabel(block),
          what: forwards ? 'forwards queries upstream' : 'serves cluster names',
          where: forwards ? 'upstream' : 'through the kubernetes plugin',
        },
        token: blockToken(block),
      });
    }
    return reports;
  },
});
