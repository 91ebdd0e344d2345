import { defineFinding } from '../finding.ts';
import { isResolved } from '../queries.ts';

/**
 * glibc resolv/res_init.c (res_vinit_1): "if (nameserver_list_size (...) == 0)" adds
 * 127.0.0.1 (`__inet_makeaddr (IN_LOOPBACKNET, 1)`); musl src/network/resolvconf.c does the
 * same (`if (!nns) __lookup_ipliteral(conf->ns, "127.0.0.1", AF_UNSPEC)`). A pod has its own
 * network namespace, where nothing serves DNS on 127.0.0.1:53.
 */
export default defineFinding({
  meta: {
    id: 'resolv-conf-without-nameserver',
    severity: 'error',
    message: "Pod {{pod}}'s /etc/resolv.conf ({{origin}}) has no usable nameserver line, so glibc and musl both ask 127.0.0.1:53 {{where}}.",
    hint: '{{fix}}',
    docs: {
      summary:
        'Without a `nameserver` line (or with only lines that are not IP addresses) the C library does not fail: glibc and musl both fall back to 127.0.0.1. Inside a pod nothing listens there, so glibc gets "connection refused" and gives up on the first name, and musl waits for its timeout.',
      example:
        'An image entrypoint rewrote /etc/resolv.conf to `search corp.example` only; every lookup from the pod fails with "Temporary failure in name resolution" while the same image works on a laptop running a local resolver.',
    },
  },
  check(f) {
    const pod = f.pod;
    if (!pod || isResolved(f) || f.resolv.nameservers.length > 0) return [];
    const origin = f.resolvOrigin === 'exec' ? 'as read from the pod' : 'as the kubelet writes it';
    const where = pod.hostNetwork
      ? "on the node itself (host network): only a resolver listening on the node's loopback can answer"
      : 'inside the pod, where nothing answers';
    let fix: string;
    if (f.resolvOrigin === 'exec') {
      fix = 'Something in the container replaced the file the kubelet wrote (an entrypoint script, a mounted ConfigMap, a postStart hook): let the kubelet manage /etc/resolv.conf, or put the nameserver back' + (f.dnsServiceIP ? ` (nameserver ${f.dnsServiceIP})` : '') + '.';
    } else if (pod.dnsPolicy === 'None') {
      fix = 'dnsPolicy None takes the nameservers from dnsConfig.nameservers only: list the cluster DNS' + (f.dnsServiceIP ? ` (${f.dnsServiceIP})` : '') + ' there, or use dnsPolicy ClusterFirst.';
    } else {
      fix = "The node's resolv.conf (the kubelet's resolvConf) lists no nameserver and this pod copies it (dnsPolicy " + pod.dnsPolicy + (pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst' ? ' on the host network' : '') + '): fix the node file or point the kubelet\'s resolvConf at one with nameservers, or use dnsPolicy ClusterFirst' + (pod.hostNetwork ? 'WithHostNet' : '') + '.';
    }
    return [{ data: { pod: `${pod.namespace}/${pod.name}`, origin, where, fix } }];
  },
});
