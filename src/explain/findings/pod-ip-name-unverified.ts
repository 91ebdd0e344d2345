import { defineFinding } from '../finding.ts';
import { triedCandidates, effectiveStatus } from '../queries.ts';

/** `10-244-1-99.shop.pod.cluster.local.` → { ip, namespace } (IPv4 dashed form; IPv6 with dashes for colons). */
function dashedPodName(fqdn: string, domain: string): { ip: string; namespace: string; label: string } | undefined {
  const suffix = `.pod.${domain}.`;
  if (!fqdn.endsWith(suffix)) return undefined;
  const [label, namespace, ...rest] = fqdn.slice(0, -suffix.length).split('.');
  if (!label || !namespace || rest.length) return undefined;
  // plugin/kubernetes findPods: three dashes and no "--" is IPv4, anything else IPv6.
  const ip = (label.match(/-/g) ?? []).length === 3 && !label.includes('--') ? label.replaceAll('-', '.') : label.replaceAll('-', ':');
  return { ip, namespace, label };
}

/**
 * `pods verified`: a dashed-IP name answers only when a pod of that namespace has that IP
 * (CoreDNS's pod cache). Under `pods insecure` any well-formed IP would answer.
 */
export default defineFinding({
  meta: {
    id: 'pod-ip-name-unverified',
    severity: 'error',
    message: 'With `pods verified`, {{fqdn}} answers only when a pod of namespace {{namespace}} has IP {{ip}}; none has, so CoreDNS says NXDOMAIN.',
    hint: '{{fix}}',
    docs: {
      summary:
        'Pod A records (`10-244-1-20.shop.pod.cluster.local`) are made up from the name itself. With `pods insecure` CoreDNS answers any well-formed IP in any existing namespace; with `pods verified` it first looks the IP up in its pod cache and answers only when a pod of that namespace has it. A name built from an old pod IP, or with the wrong namespace, is then NXDOMAIN.',
      example:
        'A Spark driver advertises executors as `10-244-1-99.spark.pod.cluster.local`; the executor was rescheduled with a new IP (or runs in namespace `spark-jobs`), and the cluster switched the Corefile from `pods insecure` to `pods verified`.',
      sources: [
        'CoreDNS plugin/kubernetes/kubernetes.go `findPods`: `if k.podMode == podModeInsecure { ... return []msg.Service{{... Host: ip ...}} }`; for verified, `for _, p := range k.APIConn.PodIndex(ip) { if ip == p.PodIP && match(namespace, p.Namespace) { ... } }`, else `errNoItems` (NXDOMAIN).',
      ],
    },
  },
  check(f) {
    if (f.kubernetesOptions?.podsMode !== 'verified') return [];
    for (const c of triedCandidates(f)) {
      const p = dashedPodName(c.candidate.fqdn, f.clusterDomain);
      if (!p || effectiveStatus(c) !== 'NXDOMAIN') continue;
      const owners = f.view.pods.filter((x) => x.podIPs.includes(p.ip));
      if (owners.some((x) => x.namespace === p.namespace)) continue;
      const other = owners[0];
      const fix = other
        ? `The pod with IP ${p.ip} is ${other.namespace}/${other.name}: ask \`${p.label}.${other.namespace}.pod.${f.clusterDomain}\`, or better its stable name through a headless Service.`
        : `No pod has IP ${p.ip} now (an old address?): use a current pod's IP, or a stable name through a headless Service; \`pods insecure\` would answer any IP, which is why it is not the safe default.`;
      return [{ data: { fqdn: c.candidate.fqdn, namespace: p.namespace, ip: p.ip, fix } }];
    }
    return [];
  },
});
