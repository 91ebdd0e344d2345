import { findingTester } from '../finding-tester.ts';
import { CLIENT, editPod, execFiles, clusterResolvConf, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
const alias = (ip: string, host: string) => editPod(b, CLIENT, (p) => { p.hostAliases = [{ ip, hostnames: [host] }]; });

findingTester('host-alias-shadows-service', {
  fires: [
    {
      name: 'a hostAliases entry pinned web.shop to an old IP during a migration; the Service moved on',
      inputs: inputs('web.shop', alias('10.96.99.1', 'web.shop')),
      message: ['/etc/hosts answers web.shop with 10.96.99.1', 'DNS would answer 10.96.12.7 (web.shop.svc.cluster.local.)'],
      severity: 'warning',
      also: (r) => {
        if (r.answer?.source !== 'hosts-file' || r.queries.length !== 0) throw new Error('the hosts file should answer without queries');
      },
    },
    {
      name: 'a hostAliases entry that agrees with DNS today',
      inputs: inputs('web.shop', alias('10.96.12.7', 'web.shop')),
      message: ["from the pod's hostAliases"],
      severity: 'info',
    },
  ],
  quiet: [
    { name: 'no hostAliases', inputs: inputs('web.shop', b) },
    { name: 'a hostAliases entry for another name', inputs: inputs('web.shop', alias('10.0.0.50', 'legacy-db')) },
    {
      name: "the pod's own name in the kubelet-managed /etc/hosts",
      inputs: inputs('client', b, { podFiles: execFiles(clusterResolvConf('default'), '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tclient\n') }),
    },
  ],
});
