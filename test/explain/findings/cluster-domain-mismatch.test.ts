import { findingTester } from '../finding-tester.ts';
import { base, editCorefile, inputs, withKubelet, withNodes } from '../scenario.ts';

const b = withNodes();
const corpKubelet = withKubelet(b, { clusterDNS: ['10.96.0.10'], clusterDomain: 'corp.local', resolvConf: '/run/systemd/resolve/resolv.conf' });

findingTester('cluster-domain-mismatch', {
  fires: [
    {
      name: 'installed with --service-dns-domain=corp.local, CoreDNS ConfigMap copied from a cluster.local cluster',
      inputs: inputs('web.shop', corpKubelet),
      message: ['cluster domain is corp.local', 'serves cluster.local'],
      hint: ['kubernetes corp.local in-addr.arpa ip6.arpa'],
      severity: 'error',
    },
  ],
  quiet: [
    { name: 'both cluster.local', inputs: inputs('web.shop', b) },
    {
      name: 'corp.local on both sides',
      inputs: inputs('web.shop', editCorefile(corpKubelet, 'kubernetes cluster.local', 'kubernetes corp.local')),
    },
    { name: 'kubelet configuration not readable (nodes/proxy forbidden)', inputs: inputs('web.shop', base()) },
  ],
});
