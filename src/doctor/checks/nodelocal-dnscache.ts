import { podReady } from '../../model/view.ts';
import { defineCheck, plural } from '../check.ts';
import { findNodeLocalDaemonSet, isLinkLocal, nodeLocalAddresses, nodeLocalPods } from '../nodelocal.ts';

const NAMES = 5;

export default defineCheck({
  meta: {
    id: 'nodelocal-dnscache',
    title: 'NodeLocal DNSCache runs on every node whose kubelet points at it',
    hint: 'Make the node-local-dns DaemonSet run and be ready on those nodes (`kubectl -n kube-system get pods -l k8s-app=node-local-dns -o wide`; check tolerations and nodeSelector), or point their kubelets back at the kube-dns ClusterIP.',
    docs: {
      summary:
        'When a kubelet\'s clusterDNS is NodeLocal DNSCache\'s link-local address (169.254.20.10 in the upstream manifest), every pod on that node sends its queries to the cache on the same node, and nowhere else. The check finds those nodes and the node-local-dns DaemonSet, and requires a ready cache pod on each of them: without one, pods on that node cannot resolve anything.',
      example: 'NodeLocal DNSCache was installed with a nodeSelector for the old node pool; kubelets on the new pool were configured with clusterDNS 169.254.20.10 and their pods time out on every lookup.',
      sources: [
        'https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/',
        'kubernetes/kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml (-localip, the bind addresses)',
      ],
    },
  },
  check(f) {
    const ds = findNodeLocalDaemonSet(f.view);
    const addresses = nodeLocalAddresses(f.view, ds);
    const pointing = Object.entries(f.view.kubelet)
      .filter(([, k]) => (k.clusterDNS ?? []).some((ip) => isLinkLocal(ip) || (addresses.includes(ip) && ip !== f.service?.clusterIPs[0])))
      .map(([n]) => n);
    if (!ds && pointing.length === 0) {
      const read = Object.keys(f.view.kubelet).length;
      return {
        status: 'skip',
        evidence: [read ? `not in use: no node-local-dns DaemonSet, and none of ${plural(read, 'kubelet')} points at a link-local address` : `no node-local-dns DaemonSet; kubelet settings not read${f.kubeletUnread ? ` (${f.kubeletUnread})` : ''}`],
      };
    }
    if (!ds) {
      return {
        status: 'fail',
        evidence: [`${plural(pointing.length, 'kubelet')} point at a link-local address (${pointing.slice(0, NAMES).join(', ')}${pointing.length > NAMES ? ', ...' : ''}) but no node-local-dns DaemonSet exists`],
        hint: 'Install NodeLocal DNSCache (kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/), or set those kubelets\' clusterDNS back to the kube-dns ClusterIP.',
      };
    }
    const pods = nodeLocalPods(f.view, ds);
    const readyOn = new Set(pods.filter(podReady).map((p) => p.nodeName).filter((n): n is string => !!n));
    const evidence = [
      `DaemonSet ${ds.namespace}/${ds.name}: ${ds.ready} of ${ds.desired} ready${addresses.length ? `; listens on ${addresses.join(', ')}` : ''}`,
    ];
    if (Object.keys(f.view.kubelet).length === 0) {
      evidence.push(`kubelet settings not read${f.kubeletUnread ? ` (${f.kubeletUnread})` : ''}: cannot tell which nodes depend on it`);
      return { status: ds.ready < ds.desired ? 'warn' : 'ok', evidence };
    }
    evidence.push(`${plural(pointing.length, 'kubelet')} point pods at it`);
    const uncovered = pointing.filter((n) => !readyOn.has(n));
    if (uncovered.length) {
      evidence.push(`no ready node-local-dns pod on ${uncovered.slice(0, NAMES).join(', ')}${uncovered.length > NAMES ? ', ...' : ''}: pods there cannot resolve`);
      return { status: 'fail', evidence };
    }
    if (ds.ready < ds.desired) return { status: 'warn', evidence };
    return { status: 'ok', evidence };
  },
});
