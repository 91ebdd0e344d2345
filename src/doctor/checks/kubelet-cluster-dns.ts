import { defineCheck, plural } from '../check.ts';
import { findNodeLocalDaemonSet, isLinkLocal, nodeLocalAddresses } from '../nodelocal.ts';

/** At most this many node names per group in the evidence. */
const NAMES = 5;

export default defineCheck({
  meta: {
    id: 'kubelet-cluster-dns',
    title: 'Every kubelet points pods at the cluster DNS and domain',
    hint: 'Make every node\'s KubeletConfiguration agree (kubeadm: `kubectl -n kube-system edit cm kubelet-config`, then `kubeadm upgrade node phase kubelet-config` and restart the kubelet on each node): clusterDNS = the kube-dns ClusterIP (or the NodeLocal DNSCache address), clusterDomain = the zone of the Corefile\'s kubernetes plugin.',
    docs: {
      summary:
        'Reads each node\'s kubelet clusterDNS and clusterDomain (live: nodes/NODE/proxy/configz, read in parallel; offline: the snapshot\'s kubelet section), groups the nodes by value, and compares each group with the kube-dns Service address (or NodeLocal DNSCache\'s) and the Corefile\'s cluster zone. The kubelet writes these into every ClusterFirst pod\'s resolv.conf, so one wrong node makes DNS fail only for the pods scheduled there.',
      example: 'Nodes added from an old launch template still carry clusterDNS 10.100.0.10 from before the Service CIDR was changed; pods on those nodes cannot resolve anything, and the problem follows the scheduler.',
      sources: [
        'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/ (clusterDNS, clusterDomain)',
        'kubernetes/kubernetes pkg/kubelet/network/dns/dns.go (how clusterDNS and clusterDomain become a pod\'s resolv.conf)',
        'https://kubernetes.io/docs/tasks/administer-cluster/kubeadm/kubeadm-reconfigure/#reflecting-the-kubelet-changes',
      ],
    },
  },
  check(f) {
    const nodes = f.view.nodes.map((n) => n.name);
    const read = Object.keys(f.view.kubelet);
    if (read.length === 0) {
      return {
        status: 'skip',
        evidence: [f.kubeletUnread ?? 'no kubelet settings read'],
        hint: f.live
          ? f.kubeletRefused
            ? 'Grant get on nodes/proxy (deploy/rbac.yaml\'s kubectl-dns-kubelet-config role) to read each kubelet\'s /configz.'
            : 'The API server could not read the kubelets\' /configz (above); try `kubectl get --raw /api/v1/nodes/NODE/proxy/configz`.'
          : 'Take the snapshot with `kubectl dns snapshot` (it reads each kubelet\'s /configz) or add a kubelet section.',
      };
    }
    const svcIp = f.service?.clusterIPs.find((x) => x !== 'None' && x !== '');
    const local = nodeLocalAddresses(f.view, findNodeLocalDaemonSet(f.view));
    const zones = kubernetesZones(f);
    const groups = new Map<string, string[]>();
    for (const [node, k] of Object.entries(f.view.kubelet)) {
      const key = `clusterDNS ${(k.clusterDNS ?? []).join(',') || '(none)'}, clusterDomain ${k.clusterDomain ?? '(none)'}`;
      groups.set(key, [...(groups.get(key) ?? []), node]);
    }
    const evidence: string[] = [];
    let status: 'ok' | 'warn' | 'fail' = 'ok';
    for (const [key, names] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      const k = f.view.kubelet[names[0]!]!;
      const problems: string[] = [];
      const dns = k.clusterDNS ?? [];
      if (dns.length === 0) problems.push('no clusterDNS: ClusterFirst pods get the node\'s resolv.conf');
      else if (svcIp && !dns.some((ip) => ip === svcIp || local.includes(ip) || isLinkLocal(ip))) problems.push(`not the kube-dns address ${svcIp}`);
      const domain = k.clusterDomain?.replace(/\.$/, '').toLowerCase();
      if (!domain) problems.push('no clusterDomain');
      else if (zones.length && !zones.includes(domain)) problems.push(`the Corefile's kubernetes plugin serves ${zones.join(', ')}, not ${domain}`);
      evidence.push(`${plural(names.length, 'node')}: ${key}${problems.length ? ` — ${problems.join('; ')}` : ''} (${names.slice(0, NAMES).join(', ')}${names.length > NAMES ? ', ...' : ''})`);
      if (problems.length) status = 'fail';
    }
    if (groups.size > 1 && status === 'ok') status = 'warn';
    const unread = nodes.filter((n) => !read.includes(n));
    if (unread.length) {
      evidence.push(`not read: ${plural(unread.length, 'node')} (${unread.slice(0, NAMES).join(', ')}${unread.length > NAMES ? ', ...' : ''})${f.kubeletUnread ? `: ${f.kubeletUnread}` : ''}`);
      if (status === 'ok') status = 'warn';
    }
    return { status, evidence };
  },
});

/** The non-reverse zones of the Corefile's kubernetes plugins, lower-case without the trailing dot. */
function kubernetesZones(f: { corefile?: import('../../corefile/ast.ts').Corefile }): string[] {
  const out = new Set<string>();
  for (const block of f.corefile?.serverBlocks ?? []) {
    for (const d of block.body.directives) {
      if (d.name.text !== 'kubernetes') continue;
      const zones = d.args.length ? d.args.map((a) => a.text) : block.keys.flatMap((k) => k.zones);
      for (const z of zones) {
        const n = z.replace(/\.$/, '').toLowerCase();
        if (n && !n.endsWith('.arpa') && n !== '') out.add(n);
      }
    }
  }
  return [...out];
}
