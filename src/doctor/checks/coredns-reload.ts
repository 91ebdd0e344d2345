import { defineCheck } from '../check.ts';
import { lastConfigHash } from '../log-patterns.ts';

export default defineCheck({
  meta: {
    id: 'coredns-reload',
    title: 'Every CoreDNS replica runs the same configuration',
    hint: 'Restart the replicas that lag behind: `kubectl -n kube-system rollout restart deployment coredns` (and keep the `reload` plugin in the Corefile).',
    docs: {
      summary:
        'The reload plugin logs a hash of the configuration CoreDNS runs, at start and after every reload (`plugin/reload: Running configuration SHA512 = ...`). The check reads the last hash each replica logged: replicas with different hashes answer the same query differently until they agree, which shows up as intermittent failures after a Corefile edit. A replica whose log has no hash either has no reload plugin or its start is older than the lines read.',
      example: 'A ConfigMap edit added a stub domain; one replica\'s reload failed on a typo in another block and kept the old configuration, so one query in two for the stub domain returns NXDOMAIN.',
      sources: [
        'https://coredns.io/plugins/reload/ (the hash it logs, the reload check interval and jitter)',
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/ (ConfigMap updates reach the pods after the kubelet sync period)',
      ],
    },
  },
  check(f) {
    if (!f.logs) {
      return { status: 'skip', evidence: [f.logsUnread ?? (f.live ? 'logs not read' : 'offline: a snapshot holds no logs')] };
    }
    const hashes = new Map<string, string[]>();
    const unseen: string[] = [];
    for (const [pod, text] of Object.entries(f.logs)) {
      const h = lastConfigHash(text);
      if (h) hashes.set(h, [...(hashes.get(h) ?? []), pod.split('/')[1]!]);
      else unseen.push(pod.split('/')[1]!);
    }
    if (hashes.size === 0) {
      return { status: 'skip', evidence: [`no configuration hash in the lines read from ${unseen.length} pod${unseen.length === 1 ? '' : 's'} (no reload plugin, or the pods started before the lines read)`] };
    }
    const evidence = [...hashes].map(([h, pods]) => `${h.slice(0, 16)}...: ${pods.join(', ')}`);
    if (unseen.length) evidence.push(`no hash in the lines read: ${unseen.join(', ')}`);
    if (hashes.size > 1) {
      evidence.unshift(`the replicas logged ${hashes.size} different configurations`);
      return { status: 'warn', evidence };
    }
    evidence.unshift('every replica that logged a hash runs the same configuration');
    return { status: 'ok', evidence };
  },
});
