import { defineCheck } from '../check.ts';
import { countLogPatterns } from '../log-patterns.ts';

const EXAMPLE_MAX = 200;

export default defineCheck({
  meta: {
    id: 'coredns-logs',
    title: 'CoreDNS logs show no upstream timeouts, SERVFAILs, loops or API errors',
    hint: 'Read the lines themselves: `kubectl -n kube-system logs -l k8s-app=kube-dns --tail=200 --prefix`.',
    docs: {
      summary:
        'Reads the recent log lines of every CoreDNS pod and counts, per pod, the messages that mean trouble: upstream i/o timeouts and "no healthy upstream" (the forward plugin\'s upstreams are slow or unreachable), SERVFAIL answers (seen when the log plugin is on), forwarding loops (the loop plugin stops CoreDNS), and Kubernetes API list/watch errors (the kubernetes plugin serves stale or no records).',
      example: 'The node\'s upstream resolver at 10.0.0.2 drops half of the queries during a VPC DNS throttling event; CoreDNS logs hundreds of `read udp ...->10.0.0.2:53: i/o timeout` lines and clients see SERVFAIL after 2 seconds.',
      sources: [
        'https://coredns.io/plugins/loop/#troubleshooting',
        'https://coredns.io/plugins/errors/ and https://coredns.io/plugins/log/ (the log formats)',
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/#check-for-errors-in-the-dns-pod',
      ],
    },
  },
  check(f) {
    if (!f.logs) {
      return {
        status: 'skip',
        evidence: [f.logsUnread ?? (f.live ? 'logs not read' : 'offline: a snapshot holds no logs')],
        hint: f.live
          ? f.logsRefused
            ? 'Grant get on pods/log in kube-system (deploy/rbac.yaml\'s kubectl-dns-logs role).'
            : 'The logs could not be read (above); try `kubectl -n kube-system logs POD`.'
          : 'Run doctor against the cluster to read the logs.',
      };
    }
    const pods = Object.keys(f.logs);
    if (pods.length === 0) return { status: 'skip', evidence: ['no CoreDNS pod to read logs from'] };
    const counts = countLogPatterns(f.logs);
    const evidence = [`read the last ${f.logTailLines ?? 'few'} lines of ${pods.length} pod${pods.length === 1 ? '' : 's'}${f.logsUnread ? ` (${f.logsUnread})` : ''}`];
    let status: 'ok' | 'warn' | 'fail' = 'ok';
    for (const c of counts) {
      if (c.total === 0) continue;
      const per = Object.entries(c.byPod).map(([p, n]) => `${p.split('/')[1]} ${n}`).join(', ');
      evidence.push(`${c.pattern.label}: ${c.total} (${per})`);
      if (c.example) evidence.push(`  e.g. ${c.example.length > EXAMPLE_MAX ? `${c.example.slice(0, EXAMPLE_MAX)}...` : c.example}`);
      if (c.pattern.status === 'fail') status = 'fail';
      else if (status === 'ok') status = 'warn';
    }
    if (status === 'ok') evidence.push('no upstream timeouts, SERVFAILs, loops or API errors');
    const loop = counts.find((c) => c.pattern.id === 'loop' && c.total > 0);
    const upstream = counts.find((c) => (c.pattern.id === 'upstream-timeout' || c.pattern.id === 'no-healthy-upstream') && c.total > 0);
    const hint = loop
      ? 'CoreDNS forwards to itself: point `forward` at real upstreams instead of a resolv.conf naming 127.0.0.x (systemd-resolved), or set the kubelet\'s resolvConf to /run/systemd/resolve/resolv.conf (https://coredns.io/plugins/loop/#troubleshooting).'
      : upstream
        ? 'The upstream resolvers are slow or unreachable from the CoreDNS pods: check them (`forward` targets, or the node\'s resolv.conf), and consider `max_concurrent` and more than one upstream.'
        : undefined;
    return { status, evidence, ...(hint ? { hint } : {}) };
  },
});
