import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { clusterResolvConf, execFiles, inputs, withKubelet, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
/** The running pod's file, written when it started (clusterDNS 10.96.0.10 then). */
const started = execFiles(clusterResolvConf('default'));
const nodeLocalNow = (view = b) => withKubelet(view, { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local' });

findingTester('cluster-dns-changed', {
  fires: [
    {
      name: 'clusterDNS moved to 169.254.20.10 before node-local-dns was applied: the next rollout breaks',
      inputs: inputs('web.shop', nodeLocalNow(), { podFiles: started }),
      message: ['This pod asks 10.96.0.10', 'now gives new pods 169.254.20.10', 'every pod created there from now on times out'],
      hint: ['deploy node-local-dns', '10.96.0.10'],
      severity: 'error',
      also: (r) => assert.equal(r.resolved, true, 'the running pod itself still resolves'),
    },
    {
      name: 'clusterDNS moved to NodeLocal DNSCache, which runs: only this pod is behind',
      inputs: inputs('web.shop', nodeLocalNow(withObjects(b, 'node-local-dns.yaml')), { podFiles: started }),
      message: ['now gives new pods 169.254.20.10, NodeLocal DNSCache'],
      severity: 'info',
    },
  ],
  quiet: [
    { name: 'the pod\'s file matches what the kubelet writes', inputs: inputs('web.shop', b, { podFiles: started }) },
    { name: 'the files were not read (computed): nothing to compare', inputs: inputs('web.shop', nodeLocalNow()) },
  ],
});
