import { defineRule, type RuleReport } from '../rule.ts';
import { DEFAULT_READY_PORT } from '../plugin-roles.ts';
import { listenPort, pluginLines, probeNeeds } from '../probes.ts';
import { blockToken } from '../corefile-walk.ts';
import { EXAMPLE_DEPLOYMENT } from '../docs-fixtures.ts';

export default defineRule({
  meta: {
    id: 'missing-ready',
    severity: 'error',
    messages: {
      missing:
        'The coredns Deployment\'s readiness probe calls {{path}} on port {{port}}, but no server block has the "ready" plugin: CoreDNS pods never become Ready and kube-dns gets no endpoints.',
      wrongPort:
        '"ready" listens on port {{listen}} but the readiness probe calls port {{port}}: CoreDNS pods never become Ready.',
    },
    hint: 'Add "ready" (it listens on :8181 by default) to the main server block, or make the probe and the plugin use the same port.',
    docs: {
      summary:
        'The readiness probe of the coredns Deployment (kubeadm: httpGet /ready on 8181) is answered by the `ready` plugin; without it the pods never turn Ready, so the kube-dns Service has no endpoints and no name in the cluster resolves.',
      bad: '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    health\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      options: { deployment: EXAMPLE_DEPLOYMENT },
    },
  },
  check(ctx) {
    const reports: RuleReport<'missing' | 'wrongPort'>[] = [];
    const ready = ctx.deployment ? probeNeeds(ctx.deployment).readiness : undefined;
    if (!ready || ready.path !== '/ready') return reports;
    const lines = pluginLines(ctx.corefile, 'ready');
    const first = ctx.corefile.serverBlocks[0];
    if (lines.length === 0) {
      if (first) reports.push({ messageId: 'missing', data: { path: ready.path, port: ready.port }, token: blockToken(first) });
      return reports;
    }
    if (!lines.some((d) => listenPort(d, DEFAULT_READY_PORT) === ready.port)) {
      const d = lines[0]!;
      reports.push({
        messageId: 'wrongPort',
        data: { listen: listenPort(d, DEFAULT_READY_PORT), port: ready.port },
        token: d.args[0] ?? d.name,
      });
    }
    return reports;
  },
});
