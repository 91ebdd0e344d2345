import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { CLIENT, editPod, inputs, withKubelet, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
/** The kubelets configured for NodeLocal DNSCache (clusterDNS 169.254.20.10). */
const nodeLocalKubelet = (view = b) => withKubelet(view, { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local' });

findingTester('nameserver-unowned', {
  fires: [
    {
      name: 'kubelet clusterDNS 169.254.20.10, but the node-local-dns DaemonSet was never applied',
      inputs: inputs('web.shop', nodeLocalKubelet(), { getaddrinfo: true }),
      message: ['The pod asks 169.254.20.10, NodeLocal DNSCache\'s address, but no node-local-dns DaemonSet runs', 'every query times out'],
      hint: ['Deploy NodeLocal DNSCache', 'kube-system/kube-dns (10.96.0.10)'],
      severity: 'error',
      also: (r) => {
        assert.equal(r.resolved, false);
        assert.ok(r.queries.every((q) => q.predicted === 'TIMEOUT'), JSON.stringify(r.queries.map((q) => q.predicted)));
        assert.equal(r.findings.some((x) => x.id === 'cluster-dns-ip-mismatch'), false, 'said once, with the right fix');
      },
    },
    {
      name: 'dnsConfig.nameservers [10.96.0.11], a typo for the kube-dns 10.96.0.10',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['10.96.0.11'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'] }; })),
      message: ['The pod asks 10.96.0.11, an address in the service range that no Service, endpoint or pod has'],
      hint: ['kube-system/kube-dns (10.96.0.10)'],
    },
  ],
  quiet: [
    { name: 'NodeLocal DNSCache deployed', inputs: inputs('web.shop', nodeLocalKubelet(withObjects(b, 'node-local-dns.yaml'))) },
    { name: 'a public resolver is not in the service range', inputs: inputs('google.com', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['1.1.1.1'] }; })) },
    { name: 'the kube-dns Service', inputs: inputs('web.shop', b) },
  ],
});
