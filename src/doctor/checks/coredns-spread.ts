import { defineCheck, plural } from '../check.ts';

export const ZONE_LABEL = 'topology.kubernetes.io/zone';
const HOST_LABEL = 'kubernetes.io/hostname';

export default defineCheck({
  meta: {
    id: 'coredns-spread',
    title: 'CoreDNS replicas are spread across nodes and zones',
    hint:
      'Keep replicas apart: add a topologySpreadConstraint (topologyKey kubernetes.io/hostname, and topology.kubernetes.io/zone on multi-zone clusters) or a preferred podAntiAffinity on k8s-app=kube-dns, then `kubectl -n kube-system rollout restart deployment coredns` to reschedule.',
    docs: {
      summary:
        'Counts the nodes and zones the ready CoreDNS pods run on, and reads whether the pod template asks the scheduler to keep them apart (podAntiAffinity or topologySpreadConstraints). Replicas on one node fail together when that node is drained, rebooted or loses its network.',
      example: 'A two-node kubeadm cluster where both CoreDNS pods landed on the control-plane node during `kubeadm init`, before the worker joined; draining that node takes all cluster DNS down.',
      sources: [
        'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
        'kubernetes/kubernetes cluster/addons/dns/coredns/coredns.yaml.base (preferred podAntiAffinity on k8s-app=kube-dns, topologyKey kubernetes.io/hostname)',
      ],
    },
  },
  check(f) {
    const pods = f.readyDnsPods;
    if (pods.length === 0) return { status: 'skip', evidence: ['no ready CoreDNS pod to look at'] };
    if (f.workload?.kind === 'DaemonSet') return { status: 'ok', evidence: [`CoreDNS runs as DaemonSet ${f.workload.namespace}/${f.workload.name}: one pod per node`] };
    const nodes = new Map<string, number>();
    for (const p of pods) nodes.set(p.nodeName ?? '(unscheduled)', (nodes.get(p.nodeName ?? '(unscheduled)') ?? 0) + 1);
    const zoneOf = new Map(f.view.nodes.map((n) => [n.name, n.labels[ZONE_LABEL]]));
    const zones = new Set([...nodes.keys()].map((n) => zoneOf.get(n)).filter((z): z is string => !!z));
    const clusterZones = new Set(f.view.nodes.map((n) => n.labels[ZONE_LABEL]).filter((z): z is string => !!z));
    const readyNodes = f.view.nodes.filter((n) => n.ready).length;
    const d = f.config?.deployment;
    const spreadKeys = [
      ...(d?.antiAffinity ?? []).map((a) => `podAntiAffinity ${a.required ? 'required' : 'preferred'} on ${a.topologyKey}`),
      ...(d?.topologySpread ?? []).map((t) => `topologySpreadConstraint on ${t.topologyKey} (maxSkew ${t.maxSkew}, ${t.whenUnsatisfiable})`),
    ];
    const evidence = [
      `${plural(pods.length, 'ready pod')} on ${plural(nodes.size, 'node')}: ${[...nodes].map(([n, c]) => `${n} (${c})`).join(', ')}`,
    ];
    if (clusterZones.size > 1) evidence.push(`zones: ${zones.size} of the cluster's ${clusterZones.size} (${[...zones].sort().join(', ') || 'none labelled'})`);
    evidence.push(d ? `pod template: ${spreadKeys.length ? spreadKeys.join('; ') : 'no podAntiAffinity and no topologySpreadConstraints'}` : 'pod template not read');
    const keys = new Set([...(d?.antiAffinity ?? []).map((a) => a.topologyKey), ...(d?.topologySpread ?? []).map((t) => t.topologyKey)]);
    if (pods.length > 1 && nodes.size === 1 && readyNodes > 1) {
      evidence.push(`every ready replica is on node ${[...nodes.keys()][0]} although ${readyNodes} nodes are ready`);
      return { status: 'fail', evidence };
    }
    if (clusterZones.size > 1 && pods.length > 1 && zones.size === 1) {
      evidence.push('every ready replica is in one zone');
      return { status: 'warn', evidence };
    }
    if (d && pods.length > 1 && !keys.has(HOST_LABEL) && !keys.has(ZONE_LABEL)) {
      evidence.push('nothing keeps the replicas apart: the next reschedule may put them on one node');
      return { status: 'warn', evidence };
    }
    return { status: 'ok', evidence };
  },
});
