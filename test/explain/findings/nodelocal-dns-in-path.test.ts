import { findingTester } from '../finding-tester.ts';
import { inputs, withKubelet, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
const nodelocal = withKubelet(withObjects(b, 'node-local-dns.yaml'), { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' });

findingTester('nodelocal-dns-in-path', {
  fires: [
    {
      name: 'NodeLocal DNSCache in path: an un-rolled node-local-dns may forward to an old kube-dns IP',
      inputs: inputs('web.shop', nodelocal),
      message: ['NodeLocal DNSCache at 169.254.20.10', 'the kube-dns Service (10.96.0.10)'],
      hint: ['node node-2', 'k8s-app=node-local-dns'],
      severity: 'info',
      also: (r) => {
        if (!r.resolved || r.resolvConf.nameservers[0] !== '169.254.20.10') throw new Error('expected a resolved name through 169.254.20.10');
      },
    },
  ],
  quiet: [
    { name: 'pods ask kube-dns directly', inputs: inputs('web.shop', b) },
    { name: 'the DaemonSet is installed but the kubelet still hands out 10.96.0.10', inputs: inputs('web.shop', withObjects(b, 'node-local-dns.yaml')) },
  ],
});
