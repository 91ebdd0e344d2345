import type { ContainerView } from '../../model/view.ts';
import { defineCheck } from '../check.ts';
import { pushAll } from '../../shared/array.ts';

/** The CoreDNS container of a pod template: named coredns, else the one running a coredns image, else the first. */
export function corednsContainer(containers: readonly ContainerView[]): ContainerView | undefined {
  return containers.find((c) => c.name === 'coredns') ?? containers.find((c) => /coredns/i.test(c.image)) ?? containers[0];
}

export default defineCheck({
  meta: {
    id: 'coredns-resources',
    title: 'CoreDNS has resource requests and a memory limit, and no CPU limit',
    hint: 'Set requests and a memory limit as the reference manifest does (requests cpu 100m, memory 70Mi; limit memory 170Mi), sized up for big clusters; leave CPU unlimited.',
    docs: {
      summary:
        'Reads the CoreDNS container\'s resources. Without requests CoreDNS is the first to be squeezed on a busy node; without a memory limit a leak or a cache storm takes the node\'s memory; a CPU limit makes the CFS quota throttle CoreDNS in bursts, which clients see as latency spikes and timeouts.',
      example: 'A platform team copied a "limits everywhere" policy onto CoreDNS (`limits: cpu: 100m`); at peak the pods are throttled for tens of milliseconds per 100 ms period and p99 lookup latency jumps.',
      sources: [
        'kubernetes/kubernetes cluster/addons/dns/coredns/coredns.yaml.base (resources: limits memory 170Mi; requests cpu 100m, memory 70Mi)',
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-limits-are-run (CPU limits are enforced by throttling)',
        'https://github.com/coredns/deployment/blob/master/kubernetes/Scaling_CoreDNS.md',
      ],
    },
  },
  check(f) {
    const containers = f.config?.deployment?.containers ?? f.config?.daemonSet?.containers ?? f.dnsPods[0]?.containers ?? [];
    const c = corednsContainer(containers);
    if (!c) return { status: 'skip', evidence: ['no CoreDNS workload or pod to read resources from'] };
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    const evidence = [
      `container ${c.name}: requests ${fmt(req)}, limits ${fmt(lim)}`,
    ];
    const problems: string[] = [];
    if (!req['memory']) problems.push('no memory request');
    if (!req['cpu']) problems.push('no CPU request');
    if (!lim['memory']) problems.push('no memory limit');
    if (lim['cpu']) problems.push(`a CPU limit of ${lim['cpu']} (throttling adds latency under load)`);
    if (problems.length === 0) return { status: 'ok', evidence };
    pushAll(evidence, problems);
    return { status: 'warn', evidence };
  },
});

function fmt(r: Record<string, string>): string {
  const keys = Object.keys(r).sort();
  return keys.length ? keys.map((k) => `${k} ${r[k]}`).join(', ') : 'none';
}
