import { findingTester, assertFirstError } from '../finding-tester.ts';
import { CLIENT, editPod, inputs, withKubelet, withNodes } from '../scenario.ts';

const b = withNodes();
// The cluster was rebuilt with service CIDR 10.100.0.0/16 but kubelet.conf still says 10.96.0.10:
// here the other way round — the kubelets point at 10.100.0.10 while kube-dns kept 10.96.0.10.
const stale = withKubelet(b, { clusterDNS: ['10.100.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' });

findingTester('cluster-dns-ip-mismatch', {
  fires: [
    {
      name: 'the kubelet clusterDNS still names the old service CIDR after a rebuild',
      inputs: inputs('web.shop', stale),
      message: ['The pod asks 10.100.0.10', 'kube-system/kube-dns is 10.96.0.10'],
      hint: ['clusterDNS to 10.96.0.10'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'cluster-dns-ip-mismatch'),
    },
  ],
  quiet: [
    { name: 'the kubelet and the Service agree', inputs: inputs('web.shop', b) },
    {
      name: 'dnsPolicy Default asks the node resolver on purpose (dns-policy-default says so)',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'Default'; })),
    },
  ],
});
