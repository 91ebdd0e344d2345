import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugins, hasPlugin } from '../corefile-walk.ts';

/**
 * plugin/k8s_external/setup.go: its OnStartup looks up the kubernetes handler of the same
 * server block (dnsserver.GetConfig(c).Handler("kubernetes")) and fails with
 * "plugin/k8s_external: kubernetes plugin not loaded" when there is none.
 */
export default defineRule({
  meta: {
    id: 'k8s-external-without-kubernetes',
    severity: 'error',
    messages: {
      noKubernetes:
        'k8s_external needs the kubernetes plugin in the same server block: CoreDNS refuses to start ("plugin/k8s_external: kubernetes plugin not loaded").',
    },
    hint: 'Move k8s_external into the server block that has kubernetes, or add kubernetes to this block.',
    docs: {
      summary:
        'k8s_external serves external IPs of Services by asking the kubernetes plugin of its own server block; at start-up it looks that plugin up, and without it CoreDNS exits.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\nexample.org:53 {\n    k8s_external example.org\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    k8s_external example.org\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noKubernetes'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'kubernetes')) continue;
      for (const d of findPlugins(block, 'k8s_external')) reports.push({ messageId: 'noKubernetes', token: d.name });
    }
    return reports;
  },
});
