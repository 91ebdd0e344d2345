import { defineCheck, plural } from '../check.ts';

/** Termination reasons that name a cause worth its own hint. */
const REASON_HINTS: Record<string, string> = {
  OOMKilled:
    'CoreDNS ran out of memory: raise its memory limit (memory grows with the number of Services/Endpoints watched and with the cache size), e.g. `kubectl -n kube-system set resources deployment coredns -c coredns --limits=memory=512Mi`.',
  Error: 'Read the previous container\'s last lines: `kubectl -n kube-system logs POD --previous` (a loop detected by the loop plugin, or a Corefile error, ends CoreDNS with Error).',
};

export default defineCheck({
  meta: {
    id: 'coredns-restarts',
    title: 'CoreDNS containers do not restart',
    hint: 'Read why the last container ended: `kubectl -n kube-system logs POD --previous` and `kubectl -n kube-system describe pod POD`.',
    docs: {
      summary:
        'Counts container restarts of the CoreDNS pods and reads the reason the last container ended (`lastState.terminated.reason`) and why a container waits (`state.waiting.reason`). Every restart drops the queries in flight on that replica, and OOMKilled means the memory limit is too small for the cluster\'s size.',
      example: 'A cluster grew to 8,000 Services; CoreDNS with the kubeadm default limit of 170Mi is OOMKilled every few hours and clients see bursts of timeouts.',
      sources: [
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states',
        'https://github.com/coredns/deployment/blob/master/kubernetes/Scaling_CoreDNS.md (memory by number of Services and Pods)',
      ],
    },
  },
  check(f) {
    if (f.dnsPods.length === 0) return { status: 'skip', evidence: ['no CoreDNS pod to look at'] };
    const evidence: string[] = [];
    const reasons = new Map<string, string[]>();
    let restarts = 0;
    let crashLooping = false;
    for (const p of f.dnsPods) {
      for (const s of p.containerStatuses) {
        restarts += s.restartCount;
        if (s.restartCount > 0 || s.waitingReason) {
          const parts = [plural(s.restartCount, 'restart')];
          if (s.lastTerminationReason) parts.push(`last ended ${s.lastTerminationReason}`);
          if (s.waitingReason) parts.push(`now ${s.waitingReason}`);
          evidence.push(`${p.name}/${s.name}: ${parts.join(', ')}`);
        }
        if (s.lastTerminationReason && s.restartCount > 0) reasons.set(s.lastTerminationReason, [...(reasons.get(s.lastTerminationReason) ?? []), p.name]);
        if (s.waitingReason === 'CrashLoopBackOff') crashLooping = true;
      }
    }
    if (restarts === 0 && !crashLooping) return { status: 'ok', evidence: [`${plural(f.dnsPods.length, 'pod')}, no container restarts`] };
    const oom = reasons.has('OOMKilled');
    const hint = oom ? REASON_HINTS['OOMKilled']! : [...reasons.keys()].map((r) => REASON_HINTS[r]).find(Boolean);
    return { status: oom || crashLooping ? 'fail' : 'warn', evidence, ...(hint ? { hint } : {}) };
  },
});
