import { defineRule, type RuleReport } from '../rule.ts';
import { DEFAULT_HEALTH_PORT } from '../plugin-roles.ts';
import { listenPort, pluginLines, probeNeeds } from '../probes.ts';
import { blockToken } from '../corefile-walk.ts';
import { EXAMPLE_DEPLOYMENT } from '../docs-fixtures.ts';

export default defineRule({
  meta: {
    id: 'missing-health',
    severity: 'error',
    messages: {
      assumedMissing:
        'No server block has the "health" plugin, while the standard coredns Deployment (kubeadm and most distributions) probes /health on port 8080: the kubelet would restart CoreDNS over and over (assumed: linted without the cluster, the real probes are not known).',
      missing:
        'The coredns Deployment\'s liveness probe calls {{path}} on port {{port}}, but no server block has the "health" plugin: the kubelet will restart CoreDNS over and over.',
      wrongPort:
        '"health" listens on port {{listen}} but the liveness probe calls port {{port}}: the kubelet will restart CoreDNS over and over.',
    },
    hint: 'Add "health" (it listens on :8080 by default) to the main server block, or make the probe and the plugin use the same port.',
    docs: {
      summary:
        'The liveness probe of the coredns Deployment (kubeadm: httpGet /health on 8080) is answered by the `health` plugin; without it, or on another port, the probe fails and every CoreDNS pod is killed in a loop.',
      bad: '.:53 {\n    errors\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    health {\n        lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      options: { deployment: EXAMPLE_DEPLOYMENT },
    },
  },
  check(ctx) {
    const reports: RuleReport<'missing' | 'wrongPort' | 'assumedMissing'>[] = [];
    const live = ctx.deployment ? probeNeeds(ctx.deployment).liveness : undefined;
    // Without the cluster: a Corefile that serves the cluster (kubernetes plugin) is assumed to run
    // under the standard Deployment and its probes; say so, as a warning.
    if (!ctx.deployment) {
      const main = ctx.corefile.serverBlocks.find((b) => b.body.directives.some((d) => d.name.text === 'kubernetes'));
      if (main && pluginLines(ctx.corefile, 'health').length === 0) reports.push({ messageId: 'assumedMissing', token: blockToken(main), severity: 'warning' });
      return reports;
    }
    if (!live || live.path !== '/health') return reports;
    const lines = pluginLines(ctx.corefile, 'health');
    const first = ctx.corefile.serverBlocks[0];
    if (lines.length === 0) {
      if (first) reports.push({ messageId: 'missing', data: { path: live.path, port: live.port }, token: blockToken(first) });
      return reports;
    }
    if (!lines.some((d) => listenPort(d, DEFAULT_HEALTH_PORT) === live.port)) {
      const d = lines[0]!;
      reports.push({
        messageId: 'wrongPort',
        data: { listen: listenPort(d, DEFAULT_HEALTH_PORT), port: live.port },
        token: d.args[0] ?? d.name,
      });
    }
    return reports;
  },
});
