import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugins, property } from '../corefile-walk.ts';

/**
 * plugin/health: on shutdown, `lameduck DURATION` keeps the process serving (health answering
 * 200, DNS answering) for DURATION before the listeners close. Without it CoreDNS stops at once
 * on SIGTERM while kube-proxy still sends it queries until the endpoint is removed: every rollout
 * and node drain drops queries (clients see timeouts). kubeadm's default has `lameduck 5s`.
 */
export default defineRule({
  meta: {
    id: 'health-without-lameduck',
    severity: 'warning',
    messages: {
      noLameduck:
        '"health" has no lameduck: on every rollout or drain CoreDNS stops at once while Services still route queries to it, so those queries time out.',
    },
    hint: 'Give health a block with `lameduck 5s` as kubeadm does (keep it below the pod\'s terminationGracePeriodSeconds).',
    docs: {
      summary:
        'With `lameduck`, a terminating CoreDNS keeps answering for a few seconds while its endpoint is removed from the kube-dns Service; without it, the queries sent in that window are lost on every rollout.',
      bad: '.:53 {\n    errors\n    health\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    health {\n        lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noLameduck'>[] = [];
    const lines = ctx.corefile.serverBlocks.flatMap((b) => findPlugins(b, 'health'));
    // lameduck applies process-wide: one health line with it is enough.
    if (lines.length === 0 || lines.some((d) => property(d, 'lameduck'))) return reports;
    reports.push({ messageId: 'noLameduck', token: lines[0]!.name });
    return reports;
  },
});
