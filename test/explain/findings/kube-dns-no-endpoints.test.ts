import assert from 'node:assert/strict';
import { findingTester, assertFirstError } from '../finding-tester.ts';
import { crashLoopCoreDns, editPod, emptyDnsEndpoints, inputs, scaleCoreDns, withKubelet, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
// NodeLocal DNSCache as the upstream manifest deploys it: the kubelet hands out 169.254.20.10.
const nodelocal = withKubelet(withObjects(b, 'node-local-dns.yaml'), { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' });
/** The kube-dns-upstream Service the manifest creates for node-cache's -upstreamsvc (same selector as kube-dns). */
function withUpstreamSvc(v: typeof b): typeof b {
  const out = structuredClone(v);
  const kd = out.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns')!;
  out.services.push({ ...structuredClone(kd), name: 'kube-dns-upstream', clusterIPs: ['10.96.0.11'] });
  return out;
}

findingTester('kube-dns-no-endpoints', {
  fires: [
    {
      name: 'after a Helm upgrade the kube-dns selector matches no CoreDNS pod: the EndpointSlice is empty',
      inputs: inputs('web.shop', emptyDnsEndpoints(b)),
      message: ['Service kube-system/kube-dns has no ready endpoint', 'queries to 10.96.0.10 get no answer'],
      hint: ['k8s-app=kube-dns'],
      severity: 'error',
      also: (r) => {
        assertFirstError(r, 'kube-dns-no-endpoints');
        if (r.queries.some((q) => q.predicted !== 'TIMEOUT')) throw new Error('queries should be predicted TIMEOUT');
      },
    },
    {
      name: 'NodeLocal DNSCache in path and the kube-dns selector matches no CoreDNS pod: cluster names fail through node-local-dns',
      inputs: inputs('web.shop', emptyDnsEndpoints(withUpstreamSvc(nodelocal))),
      message: [
        'Service kube-system/kube-dns has no ready endpoint',
        'the cluster.local queries the pod sends to NodeLocal DNSCache at 169.254.20.10 fail with SERVFAIL',
        'forwards them to CoreDNS through Service kube-dns-upstream (10.96.0.11)',
      ],
      also: (r) => {
        const m = r.findings.find((x) => x.id === 'kube-dns-no-endpoints')!.message;
        // The pod never sends to 10.96.0.10 itself: saying its queries there get no answer was wrong.
        assert.doesNotMatch(m, /queries to 10\.96\.0\.10 get no answer/);
        assert.deepEqual(r.queries.slice(0, 3).map((q) => q.predicted), ['SERVFAIL', 'SERVFAIL', 'SERVFAIL']);
      },
    },
    {
      name: 'NodeLocal DNSCache without a kube-dns-upstream Service in the snapshot',
      inputs: inputs('web.shop', emptyDnsEndpoints(nodelocal)),
      message: ['NodeLocal DNSCache at 169.254.20.10', 'forwards them to CoreDNS through Service kube-dns-upstream, and no CoreDNS pod'],
    },
    {
      name: 'the DaemonSet is installed but this pod (dnsPolicy None, nameserver 10.96.0.10) asks kube-dns directly',
      inputs: inputs('web.shop', editPod(emptyDnsEndpoints(nodelocal), { namespace: 'default', pod: 'client' }, (p) => {
        p.dnsPolicy = 'None';
        p.dnsConfig = { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '5' }] };
      })),
      message: ['queries to 10.96.0.10 get no answer'],
    },
  ],
  quiet: [
    { name: 'two ready endpoints', inputs: inputs('web.shop', b) },
    { name: 'one of two endpoints ready', inputs: inputs('web.shop', crashLoopCoreDns(b, 'CrashLoopBackOff', 'one')) },
    // The endpoints are empty because of a cause that has its own finding: saying it twice, with a
    // hint about the Service selector, sent readers the wrong way.
    { name: 'every CoreDNS pod is crash-looping: coredns-not-ready reports it, the not-ready endpoints follow', inputs: inputs('web.shop', crashLoopCoreDns(b)) },
    { name: 'CoreDNS scaled to zero: coredns-scaled-to-zero reports it', inputs: inputs('web.shop', scaleCoreDns(b)) },
  ],
});
