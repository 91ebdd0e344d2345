import { findingTester } from '../finding-tester.ts';
import { CLIENT, editPod, inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('host-network-dns-policy', {
  fires: [
    {
      name: 'an ingress controller with hostNetwork: true cannot reach backend.shop',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.hostNetwork = true; })),
      message: ['Pod default/client uses the host network with dnsPolicy ClusterFirst'],
      hint: ['ClusterFirstWithHostNet'],
      severity: 'error',
      also: (r) => {
        if (r.resolvConf.nameservers[0] !== '192.168.56.1') throw new Error('expected the node resolver');
      },
    },
  ],
  quiet: [
    { name: 'hostNetwork with ClusterFirstWithHostNet', inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.hostNetwork = true; p.dnsPolicy = 'ClusterFirstWithHostNet'; })) },
    { name: 'a pod-network pod with ClusterFirst', inputs: inputs('web.shop', b) },
    { name: 'a host-network ingress controller resolves an external name through the node, as it should', inputs: inputs('api.github.com', editPod(b, CLIENT, (p) => { p.hostNetwork = true; })) },
  ],
});
