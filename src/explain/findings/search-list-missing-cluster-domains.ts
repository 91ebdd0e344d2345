import { defineFinding } from '../finding.ts';
import { intendedService, isResolved } from '../queries.ts';

/**
 * dnsPolicy None (or a resolv.conf read from the pod) whose search list lacks `<ns>.svc.<domain>`
 * or `svc.<domain>`: `web` or `web.shop` never becomes the Service's name, though the pod asks
 * the cluster DNS and the Service exists.
 */
export default defineFinding({
  meta: {
    id: 'search-list-missing-cluster-domains',
    severity: 'error',
    message: 'The pod\'s search list lacks {{missing}}, so {{name}} never becomes {{full}}, the name of Service {{service}}.',
    hint: 'Add {{missing}} to the pod\'s `dnsConfig.searches` (dnsPolicy None starts from an empty list), or use the full name `{{full}}`.',
    docs: {
      summary:
        'For dnsPolicy ClusterFirst the kubelet writes the search list `<namespace>.svc.<domain> svc.<domain> <domain>` before the node\'s domains; that list is what turns `web` and `web.shop` into Service names. dnsPolicy None gives the pod only its `dnsConfig.searches`, and an image or init container can rewrite /etc/resolv.conf: without those entries short names never reach a Service, though the pod asks the cluster DNS.',
      example:
        'A pod with `dnsPolicy: None` and `dnsConfig: {nameservers: [10.96.0.10], searches: [cluster.local]}` (copied from a VM template) runs `curl web`: the resolver asks `web.cluster.local.` and `web.`, never `web.default.svc.cluster.local.`.',
      sources: [
        'kubelet pkg/kubelet/network/dns/dns.go `generateSearchesForDNSClusterFirst`: `clusterSearch := []string{nsSvcDomain, svcDomain, c.ClusterDomain}` for ClusterFirst; `GetPodDNS` case `podDNSNone`: `dnsConfig = &runtimeapi.DNSConfig{}`, then only the pod\'s dnsConfig is appended.',
      ],
    },
  },
  check(f) {
    const pod = f.pod;
    if (!pod || isResolved(f) || f.name.absolute) return [];
    if (f.path !== 'kube-dns' && f.path !== 'nodelocal') return [];
    const domain = f.clusterDomain;
    if (f.name.lower.endsWith(`.${domain}`) || f.name.labels.length > 3) return [];
    const want = intendedService(f);
    const namespace = want.namespace ?? pod.namespace;
    const svc = f.view.services.find((s) => s.name === want.service && s.namespace === namespace);
    if (!svc) return [];
    const search = f.resolv.search.map((d) => d.replace(/\.$/, '').toLowerCase());
    // Which entry would have built the Service's name from what was typed.
    const needed = want.namespace === undefined ? `${pod.namespace}.svc.${domain}` : `svc.${domain}`;
    if (search.includes(needed)) return [];
    const missing = [`${pod.namespace}.svc.${domain}`, `svc.${domain}`].filter((d) => !search.includes(d));
    return [{ data: { missing: missing.join(' and '), name: f.name.text, full: `${svc.name}.${svc.namespace}.svc.${domain}.`, service: `${svc.namespace}/${svc.name}` } }];
  },
});
