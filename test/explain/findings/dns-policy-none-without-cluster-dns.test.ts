import { findingTester } from '../finding-tester.ts';
import { CLIENT, editPod, inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('dns-policy-none-without-cluster-dns', {
  fires: [
    {
      name: 'dnsPolicy None with nameservers [1.1.1.1] to speed up external lookups: every Service name is lost',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] }; })),
      message: ['dnsPolicy None', 'does not list the cluster DNS (10.96.0.10)'],
      hint: ['Add 10.96.0.10 to dnsConfig.nameservers', 'default.svc.cluster.local'],
      severity: 'error',
    },
    {
      name: 'dnsPolicy None with the cluster nameserver but no search domains: short names fail',
      inputs: inputs('web', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['10.96.0.10'] }; })),
      message: ['has no cluster search domains'],
    },
  ],
  quiet: [
    {
      name: 'dnsPolicy None with 1.1.1.1 on purpose, asking an external name: that is what it is for',
      inputs: inputs('api.github.com', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['1.1.1.1'], options: [{ name: 'ndots', value: '2' }] }; })),
    },
    {
      name: 'dnsPolicy None that lists the cluster DNS and search domains',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => {
        p.dnsPolicy = 'None';
        p.dnsConfig = { nameservers: ['10.96.0.10'], searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: [{ name: 'ndots', value: '2' }] };
      })),
    },
    { name: 'dnsPolicy ClusterFirst', inputs: inputs('web.shop', b) },
  ],
});
