import { defineFinding } from '../finding.ts';
import type { FindingReport } from '../finding.ts';
import { findUnownedNameserver } from '../facts/nameservers.ts';

/**
 * The pod's resolv.conf (read inside it) names another nameserver than the one its node's kubelet
 * writes now: the kubelet's clusterDNS changed after the pod started. The pod keeps its file until
 * it is recreated; every new pod gets the new address — predicted here for "a new pod".
 */
export default defineFinding({
  meta: {
    id: 'cluster-dns-changed',
    severity: 'warning',
    message: 'This pod asks {{old}} (its resolv.conf was written when it started), but the kubelet on {{node}} now gives new pods {{new}}, {{fate}}.',
    hint: '{{fix}}',
    docs: {
      summary:
        'The kubelet writes a pod\'s /etc/resolv.conf once, when the pod sandbox is created, from its clusterDNS at that moment. Changing clusterDNS (moving to NodeLocal DNSCache, a new service CIDR) does not touch running pods: they keep working (or failing) with the old address, and only pods created afterwards get the new one. A change that breaks DNS therefore shows up at the next rollout, not when it is made.',
      example:
        'An operator sets `clusterDNS: [169.254.20.10]` in the KubeletConfiguration to prepare NodeLocal DNSCache and restarts the kubelets, but applies the node-local-dns DaemonSet later: running pods still resolve through 10.96.0.10, and the next Deployment rollout creates pods that time out on every lookup.',
      sources: [
        'kubelet pkg/kubelet/network/dns/dns.go `GetPodDNS` (called from kuberuntime_sandbox.go `generatePodSandboxConfig`): the DNS config is formed from `c.clusterDNS` when the sandbox is created; nothing rewrites it for a running pod.',
      ],
    },
  },
  check(f) {
    const pod = f.pod;
    if (!pod || f.resolvOrigin !== 'exec' || !f.kubeletKnown || f.computed?.policy !== 'cluster') return [];
    const old = f.resolv.nameservers[0];
    const now = f.computed.conf.nameservers[0];
    if (!old || !now || old === now) return [];
    const nodelocalRunning = f.view.daemonSets.some((d) => /node-?local-?dns/.test(d.name));
    const unowned = findUnownedNameserver(f.view, now, f.dnsService, f.dnsServiceIP, nodelocalRunning);
    const node = pod.nodeName ?? 'its node';
    const report = (severity: FindingReport['severity'], fate: string, fix: string): FindingReport[] => [{ severity, data: { old, new: now, node, fate, fix } }];
    if (unowned) {
      const where = unowned.reason === 'nodelocal-missing' ? 'NodeLocal DNSCache\'s address, while no node-local-dns runs' : 'an address no Service owns';
      return report('error', `${where}: every pod created there from now on times out on every lookup`, `Before the next rollout, ${unowned.reason === 'nodelocal-missing' ? 'deploy node-local-dns, or ' : ''}set the kubelet's clusterDNS back to ${unowned.meant ?? 'the kube-dns Service'}.`);
    }
    if (now === f.dnsServiceIP) return report('warning', 'the kube-dns Service: new pods will work, this one keeps the old address', 'Recreate the pod (roll its Deployment) to give it the current resolv.conf.');
    if (now === '169.254.20.10' && nodelocalRunning) return report('info', 'NodeLocal DNSCache: new pods go through the node cache, this one still asks its old address', 'Roll the pod\'s workload so it uses NodeLocal DNSCache too.');
    return report('warning', 'whose answers kubectl-dns cannot predict', 'Check that new pods resolve (kubectl dns explain NAME --from a new pod), then roll the old ones.');
  },
});
