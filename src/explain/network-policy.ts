/**
 * Does NetworkPolicy let a pod's DNS queries reach the cluster DNS pods, over UDP and TCP 53?
 *
 * Semantics (networking.k8s.io/v1 NetworkPolicy):
 * - A pod is isolated for egress when a policy in its namespace selects it and the policy's
 *   policyTypes include Egress (when policyTypes is unset: Egress iff the policy has egress rules;
 *   Ingress always). Likewise for ingress at the DNS pods.
 * - Isolated traffic is allowed when at least one rule of any selecting policy matches it.
 *   A rule with no `to`/`from` matches every peer; with no `ports`, every port.
 * - Peers: podSelector alone = pods of the policy's namespace; namespaceSelector alone = all pods of
 *   the matching namespaces; both = the matching pods of the matching namespaces; ipBlock = CIDR
 *   minus `except`.
 * - Ports: protocol defaults to TCP; a named port is the destination container's port name;
 *   endPort extends a numeric port to a range.
 * - Service traffic is DNATed to the endpoints before policy is applied by the common CNIs, so a
 *   rule must match the DNS *pods* — a rule naming only the kube-dns Service IP does not help.
 *   Whether an ipBlock matches in-cluster pod IPs is CNI-specific (Cilium's does not), so an
 *   allowance that rests only on an ipBlock is reported as uncertain.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type {
  NamespaceView,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyView,
  PodView,
} from '../model/view.ts';
import { matchesSelector } from '../model/label-selector.ts';

export type Protocol = 'UDP' | 'TCP';

/** allowed: to every DNS pod; partial: to some (intermittent failures); blocked: to none. */
export type Reach = 'allowed' | 'partial' | 'blocked';

export interface DirectionVerdict {
  /** True when at least one policy selects the pod (for egress) / a DNS pod (for ingress). */
  isolated: boolean;
  /** `ns/name` of the selecting policies. */
  policies: string[];
  udp: Reach;
  tcp: Reach;
  /** True when some allowance rests only on an ipBlock (CNI-dependent). */
  ipBlockOnly: boolean;
  /** True when some rule names the DNS Service IP in an ipBlock (does not work after DNAT). */
  serviceIpRule: boolean;
}

export interface DnsPolicyVerdict {
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

interface Endpoint {
  pod: PodView;
  namespaceLabels: Record<string, string>;
}

function namespaceLabels(namespaces: readonly NamespaceView[], name: string): Record<string, string> {
  const ns = namespaces.find((n) => n.name === name);
  // kubernetes.io/metadata.name is set on every namespace since 1.21; add it when a fixture lacks it.
  return { 'kubernetes.io/metadata.name': name, ...(ns?.labels ?? {}) };
}

function policyTypes(p: NetworkPolicyView): Set<'Ingress' | 'Egress'> {
  if (p.spec.policyTypes && p.spec.policyTypes.length > 0) return new Set(p.spec.policyTypes);
  const types = new Set<'Ingress' | 'Egress'>(['Ingress']);
  if (p.spec.egress && p.spec.egress.length > 0) types.add('Egress');
  return types;
}

function selecting(policies: readonly NetworkPolicyView[], pod: PodView, type: 'Ingress' | 'Egress'): NetworkPolicyView[] {
  return policies.filter(
    (p) => p.namespace === pod.namespace && policyTypes(p).has(type) && matchesSelector(p.spec.podSelector, pod.labels),
  );
}

type PeerMatch = 'no' | 'selector' | 'ipblock';

function ipInBlock(ip: string, cidr: string, except: readonly string[] | undefined): boolean {
  const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
  if (!family) return false;
  const contains = (block: string): boolean => {
    const [net, bits] = block.split('/');
    if (!net || bits === undefined) return false;
    const netFamily = isIPv4(net) ? 'ipv4' : isIPv6(net) ? 'ipv6' : undefined;
    if (netFamily !== family) return false;
    const list = new BlockList();
    list.addSubnet(net, Number(bits), netFamily);
    return list.check(ip, family);
  };
  return contains(cidr) && !(except ?? []).some(contains);
}

function peerMatches(peer: NetworkPolicyPeer, policyNamespace: string, target: Endpoint): PeerMatch {
  if (peer.ipBlock) {
    return target.pod.podIPs.some((ip) => ipInBlock(ip, peer.ipBlock!.cidr, peer.ipBlock!.except)) ? 'ipblock' : 'no';
  }
  if (peer.namespaceSelector) {
    if (!matchesSelector(peer.namespaceSelector, target.namespaceLabels)) return 'no';
  } else if (target.pod.namespace !== policyNamespace) {
    return 'no';
  }
  if (peer.podSelector && !matchesSelector(peer.podSelector, target.pod.labels)) return 'no';
  return 'selector';
}

function portMatches(port: NetworkPolicyPort, protocol: Protocol, dest: PodView, portNumber: number): boolean {
  if ((port.protocol ?? 'TCP').toUpperCase() !== protocol) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'number') {
    const end = port.endPort ?? port.port;
    return portNumber >= port.port && portNumber <= end;
  }
  if (/^\d+$/.test(port.port)) return Number(port.port) === portNumber;
  // Named port: resolved against the destination pod's container ports.
  return dest.containers.some((c) =>
    (c.ports ?? []).some(
      (p) => p.name === port.port && p.containerPort === portNumber && (p.protocol ?? 'TCP').toUpperCase() === protocol,
    ),
  );
}

/** How a set of policies treats traffic from `src` to `dst` (the policies select `selected`). */
function ruleVerdict(
  policies: readonly NetworkPolicyView[],
  direction: 'Ingress' | 'Egress',
  peer: Endpoint,
  dest: PodView,
  protocol: Protocol,
  port: number,
): PeerMatch {
  let best: PeerMatch = 'no';
  for (const policy of policies) {
    const rules = direction === 'Egress' ? (policy.spec.egress ?? []) : (policy.spec.ingress ?? []);
    for (const rule of rules) {
      const peers = direction === 'Egress' ? (rule as { to?: NetworkPolicyPeer[] }).to : (rule as { from?: NetworkPolicyPeer[] }).from;
      const ports = rule.ports;
      if (ports && ports.length > 0 && !ports.some((p) => portMatches(p, protocol, dest, port))) continue;
      if (!peers || peers.length === 0) return 'selector';
      for (const p of peers) {
        const m = peerMatches(p, policy.namespace, peer);
        if (m === 'selector') return 'selector';
        if (m === 'ipblock') best = 'ipblock';
      }
    }
  }
  return best;
}

function reach(results: boolean[]): Reach {
  if (results.length === 0) return 'blocked';
  if (results.every(Boolean)) return 'allowed';
  return results.some(Boolean) ? 'partial' : 'blocked';
}

function mentionsIp(policies: readonly NetworkPolicyView[], ip: string | undefined): boolean {
  if (!ip) return false;
  return policies.some((p) =>
    (p.spec.egress ?? []).some((r) => (r.to ?? []).some((peer) => peer.ipBlock && ipInBlock(ip, peer.ipBlock.cidr, peer.ipBlock.except))),
  );
}

/**
 * Evaluates DNS reachability from `client` to each of `dnsPods` on `port` (53), for UDP and TCP.
 * `dnsServiceIP` is only used to recognise rules that name the Service IP.
 */
export function evaluateDnsPolicies(input: {
  client: PodView;
  dnsPods: readonly PodView[];
  policies: readonly NetworkPolicyView[];
  namespaces: readonly NamespaceView[];
  port?: number;
  dnsServiceIP?: string;
}): DnsPolicyVerdict {
  const port = input.port ?? 53;
  const clientEp: Endpoint = { pod: input.client, namespaceLabels: namespaceLabels(input.namespaces, input.client.namespace) };
  const egressPolicies = input.client.hostNetwork ? [] : selecting(input.policies, input.client, 'Egress');

  const egress: DirectionVerdict = {
    isolated: egressPolicies.length > 0,
    policies: egressPolicies.map((p) => `${p.namespace}/${p.name}`),
    udp: 'allowed',
    tcp: 'allowed',
    ipBlockOnly: false,
    serviceIpRule: mentionsIp(egressPolicies, input.dnsServiceIP),
  };
  const ingressNames = new Set<string>();
  const ingress: DirectionVerdict = { isolated: false, policies: [], udp: 'allowed', tcp: 'allowed', ipBlockOnly: false, serviceIpRule: false };

  for (const protocol of ['UDP', 'TCP'] as const) {
    const egressOk: boolean[] = [];
    const ingressOk: boolean[] = [];
    for (const dnsPod of input.dnsPods) {
      const dnsEp: Endpoint = { pod: dnsPod, namespaceLabels: namespaceLabels(input.namespaces, dnsPod.namespace) };
      if (egress.isolated) {
        const m = ruleVerdict(egressPolicies, 'Egress', dnsEp, dnsPod, protocol, port);
        if (m === 'ipblock') egress.ipBlockOnly = true;
        egressOk.push(m !== 'no');
      } else {
        egressOk.push(true);
      }
      const ingressPolicies = dnsPod.hostNetwork ? [] : selecting(input.policies, dnsPod, 'Ingress');
      if (ingressPolicies.length > 0) {
        ingress.isolated = true;
        for (const p of ingressPolicies) ingressNames.add(`${p.namespace}/${p.name}`);
        const m = ruleVerdict(ingressPolicies, 'Ingress', clientEp, dnsPod, protocol, port);
        if (m === 'ipblock') ingress.ipBlockOnly = true;
        ingressOk.push(m !== 'no');
      } else {
        ingressOk.push(true);
      }
    }
    const key = protocol === 'UDP' ? 'udp' : 'tcp';
    egress[key] = input.dnsPods.length === 0 ? (egress.isolated ? 'blocked' : 'allowed') : reach(egressOk);
    ingress[key] = input.dnsPods.length === 0 ? 'allowed' : reach(ingressOk);
  }
  ingress.policies = [...ingressNames].sort();
  return { egress, ingress };
}
