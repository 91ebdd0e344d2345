import { defineRule, type RuleReport } from '../rule.ts';
import { blockLabel, blockToken, hasPlugin } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'missing-reload',
    severity: 'info',
    messages: {
      noReload:
        'Server block {{label}} has no "reload" plugin: edits to the coredns ConfigMap take effect only after the CoreDNS pods restart.',
    },
    hint: 'Add "reload" so CoreDNS picks up ConfigMap changes by itself (within about 30 s plus the kubelet\'s sync delay).',
    docs: {
      summary:
        'The `reload` plugin re-reads the Corefile when its content changes; without it, an edited ConfigMap is silently ignored until `kubectl rollout restart deployment/coredns`.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noReload'>[] = [];
    // reload is process-wide: one line in any block is enough.
    if (ctx.corefile.serverBlocks.some((b) => hasPlugin(b, 'reload'))) return reports;
    const main = ctx.corefile.serverBlocks.find((b) => hasPlugin(b, 'kubernetes'));
    if (main) reports.push({ messageId: 'noReload', data: { label: blockLabel(main) }, token: blockToken(main) });
    return reports;
  },
});
