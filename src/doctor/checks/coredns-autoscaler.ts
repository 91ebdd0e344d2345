import type { DeploymentView } from '../../model/view.ts';
import { defineCheck } from '../check.ts';

/**
 * The DNS horizontal autoscaler's default linear parameters (kubernetes/kubernetes
 * cluster/addons/dns-horizontal-autoscaler/dns-horizontal-autoscaler.yaml):
 * replicas = max(ceil(cores / 256), ceil(nodes / 16)), and at least 2 when there is more
 * than one node (preventSinglePointFailure).
 */
export const NODES_PER_REPLICA = 16;

export function suggestedReplicas(nodes: number): number {
  const byNodes = Math.ceil(nodes / NODES_PER_REPLICA);
  return nodes > 1 ? Math.max(2, byNodes) : Math.max(1, byNodes);
}

/** A cluster-proportional-autoscaler Deployment whose --target names the workload. */
export function proportionalAutoscalerFor(deployments: readonly DeploymentView[], target: { kind: string; name: string }): DeploymentView | undefined {
  const want = `${target.kind}/${target.name}`.toLowerCase();
  return deployments.find((d) =>
    d.containers.some((c) => {
      const argv = [...(c.command ?? []), ...(c.args ?? [])];
      if (!/cluster-proportional-autoscaler/.test(c.image) && !argv.some((a) => a.includes('cluster-proportional-autoscaler'))) return false;
      const targets = argv.flatMap((a, i) => (a.startsWith('--target=') ? [a.slice(9)] : a === '--target' && argv[i + 1] ? [argv[i + 1]!] : []));
      return targets.some((t) => t.split(',').some((x) => x.trim().toLowerCase() === want));
    }),
  );
}

export default defineCheck({
  meta: {
    id: 'coredns-autoscaler',
    title: 'CoreDNS is scaled for the cluster\'s size',
    hint: 'Scale CoreDNS with the cluster: install the DNS horizontal autoscaler (cluster-proportional-autoscaler with --target=deployment/coredns), or at least set the replica count to the suggested value.',
    docs: {
      summary:
        'Looks for what scales CoreDNS — a cluster-proportional-autoscaler Deployment whose `--target` names the CoreDNS Deployment, or a HorizontalPodAutoscaler on it — and, without one, compares the replica count with what the DNS horizontal autoscaler\'s default linear parameters would choose for this many nodes (one replica per 16 nodes, at least two on a multi-node cluster).',
      example: 'A cluster grew from 3 to 120 nodes with the two CoreDNS replicas kubeadm created; each replica now serves 60 nodes\' worth of pods and queues queries at peak.',
      sources: [
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-horizontal-autoscaling/',
        'kubernetes/kubernetes cluster/addons/dns-horizontal-autoscaler/dns-horizontal-autoscaler.yaml (--default-params linear coresPerReplica 256, nodesPerReplica 16, preventSinglePointFailure)',
        'https://github.com/kubernetes-sigs/cluster-proportional-autoscaler',
      ],
    },
  },
  check(f) {
    const w = f.workload;
    if (!w) return { status: 'skip', evidence: ['no CoreDNS workload found'] };
    if (w.kind === 'DaemonSet') return { status: 'ok', evidence: [`DaemonSet ${w.namespace}/${w.name} runs one pod per node: it scales with the cluster`] };
    const nodes = f.view.nodes.length;
    const hpa = f.view.horizontalPodAutoscalers.find((h) => h.namespace === w.namespace && h.target.kind === 'Deployment' && h.target.name === w.name);
    if (hpa) {
      const evidence = [`HorizontalPodAutoscaler ${hpa.namespace}/${hpa.name}: ${hpa.minReplicas}..${hpa.maxReplicas} replicas, ${hpa.currentReplicas} now`];
      if (hpa.minReplicas < 2 && nodes > 1) {
        evidence.push('minReplicas below 2: at low load a single replica is a single point of failure');
        return { status: 'warn', evidence, hint: `Set minReplicas to 2: \`kubectl -n ${hpa.namespace} patch hpa ${hpa.name} -p '{"spec":{"minReplicas":2}}'\`.` };
      }
      return { status: 'ok', evidence };
    }
    const cpa = proportionalAutoscalerFor(f.view.deployments, { kind: 'deployment', name: w.name });
    if (cpa) {
      const evidence = [`cluster-proportional-autoscaler Deployment ${cpa.namespace}/${cpa.name} targets deployment/${w.name}`];
      if (cpa.readyReplicas === 0) {
        evidence.push('the autoscaler has no ready pod: CoreDNS is not being scaled');
        return { status: 'warn', evidence, hint: `Find out why: \`kubectl -n ${cpa.namespace} describe deployment ${cpa.name}\`.` };
      }
      return { status: 'ok', evidence };
    }
    if (nodes === 0) return { status: 'skip', evidence: ['no autoscaler found, and the node count is unknown (nodes not read)'] };
    const want = suggestedReplicas(nodes);
    const evidence = [
      `no cluster-proportional-autoscaler or HorizontalPodAutoscaler targets Deployment ${w.namespace}/${w.name}`,
      `${w.desired} replica${w.desired === 1 ? '' : 's'} for ${nodes} node${nodes === 1 ? '' : 's'}; the DNS autoscaler's defaults would run ${want}`,
    ];
    return { status: w.desired < want ? 'warn' : 'ok', evidence };
  },
});
