import { findingTester } from '../finding-tester.ts';
import { editPod, inputs, withNodes, CLIENT, SHOP_POD, execFiles } from '../scenario.ts';

const b = withNodes();
/** dnsPolicy None with a search list copied from a VM template: only the cluster domain. */
const vmTemplate = (pod: typeof CLIENT | typeof SHOP_POD) => editPod(b, pod, (p) => {
  p.dnsPolicy = 'None';
  p.dnsConfig = { nameservers: ['10.96.0.10'], searches: ['cluster.local'] };
});

findingTester('search-list-missing-cluster-domains', {
  fires: [
    {
      name: 'dnsPolicy None, searches [cluster.local]: curl web from shop never asks web.shop.svc.cluster.local.',
      inputs: inputs('web', vmTemplate(SHOP_POD), { from: { ...SHOP_POD }, getaddrinfo: true }),
      message: ['lacks shop.svc.cluster.local and svc.cluster.local', 'web never becomes web.shop.svc.cluster.local.', 'Service shop/web'],
      hint: ['dnsConfig.searches'],
      severity: 'error',
    },
    {
      name: 'web.shop from default with the same template: svc.cluster.local is missing',
      inputs: inputs('web.shop', vmTemplate(CLIENT), { getaddrinfo: true }),
      message: ['lacks default.svc.cluster.local and svc.cluster.local', 'web.shop never becomes web.shop.svc.cluster.local.'],
    },
    {
      name: 'an entrypoint rewrote /etc/resolv.conf with the node\'s search line only',
      inputs: inputs('web', b, { from: { ...SHOP_POD }, podFiles: execFiles('nameserver 10.96.0.10\nsearch lab.example.internal\noptions ndots:5\n') }),
      message: ['lacks shop.svc.cluster.local and svc.cluster.local'],
    },
  ],
  quiet: [
    { name: 'ClusterFirst: the kubelet\'s search list', inputs: inputs('web', b, { from: { ...SHOP_POD } }) },
    {
      name: 'dnsPolicy None whose searches include the cluster entries',
      inputs: inputs('web', editPod(b, SHOP_POD, (p) => {
        p.dnsPolicy = 'None';
        p.dnsConfig = { nameservers: ['10.96.0.10'], searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local'] };
      }), { from: { ...SHOP_POD } }),
    },
    { name: 'the full name needs no search list', inputs: inputs('web.shop.svc.cluster.local', vmTemplate(CLIENT)) },
  ],
});
