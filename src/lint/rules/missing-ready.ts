import { compareVersions } from '../../corefile/coredns-versions.ts';
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
      assumedMissing:
        'No server block has the "ready" plugin, while the standard coredns Deployment (kubeadm and most distributions) probes /ready on port 8181: the pods would never turn Ready and the kube-dns Service would have no endpoints (assumed: linted without the cluster, the real probes are not known).',
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
    const reports: RuleReport<'missing' | 'wrongPort' | 'assumedMissing'>[] = [];
    const ready = ctx.deployment ? probeNeeds(ctx.deployment).readiness : undefined;
    // Without the cluster: a Corefile that serves the cluster (kubernetes plugin) is assumed to run
    // under the standard Deployment and its probes; say so, as a warning.
    if (!ctx.deployment) {
      // Before 1.5.0 there was no ready plugin, and no /ready probe in the Deployments of that time.
      if (compareVersions(ctx.corednsVersion, '1.5.0') < 0) return reports;
      const main = ctx.corefile.serverBlocks.find((b) => b.body.directives.some((d) => d.name.text === 'kubernetes'));
      if (main && pluginLines(ctx.corefile, 'ready').length === 0) reports.push({ messageId: 'assumedMissing', token: blockToken(main), severity: 'warning' });
      return reports;
    }
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
