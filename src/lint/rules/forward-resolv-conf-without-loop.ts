import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugins, hasPlugin } from '../corefile-walk.ts';
import { getPluginSpec } from '../../corefile/plugins/index.ts';
import { compareVersions } from '../../corefile/coredns-versions.ts';

export default defineRule({
  meta: {
    id: 'forward-resolv-conf-without-loop',
    severity: 'warning',
    messages: {
      noLoop:
        '{{plugin}} sends queries to the nameservers of {{path}} but this server block has no "loop" plugin to detect a forwarding loop.',
    },
    hint: 'Add "loop" to the server block; if the node uses systemd-resolved, point the kubelet at /run/systemd/resolve/resolv.conf.',
    docs: {
      summary:
        'When the node\'s resolv.conf names a local stub (systemd-resolved\'s 127.0.0.53) or CoreDNS itself, forwarding to it loops every query until CoreDNS is OOM-killed; the `loop` plugin detects this at start-up and stops the pod with a clear log line instead.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noLoop'>[] = [];
    // Advice to add loop is no use to a CoreDNS that predates it (1.2.1).
    const loopSince = getPluginSpec('loop')?.addedIn;
    if (loopSince && compareVersions(ctx.corednsVersion, loopSince) < 0) return reports;
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'loop')) continue;
      for (const d of [...findPlugins(block, 'forward'), ...findPlugins(block, 'proxy')]) {
        const file = d.args.slice(1).find((a) => a.text.startsWith('/'));
        if (file) reports.push({ messageId: 'noLoop', data: { plugin: d.name.text, path: file.text }, token: file });
      }
    }
    return reports;
  },
});
