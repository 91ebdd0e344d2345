import assert from 'node:assert/strict';
import { findingTester, assertFirstError } from '../finding-tester.ts';
import { CLIENT, clusterResolvConf, editPod, execFiles, inputs, withNodeResolvConf, withNodes } from '../scenario.ts';

const b = withNodes();
const noNameserver = 'search default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n';

findingTester('resolv-conf-without-nameserver', {
  fires: [
    {
      name: 'an entrypoint rewrote /etc/resolv.conf to a search line only: glibc asks 127.0.0.1 and gives up on the first name',
      inputs: inputs('web.shop', b, { podFiles: execFiles(noNameserver) }),
      message: ['no usable nameserver line', 'glibc and musl both ask 127.0.0.1:53', 'inside the pod', 'as read from the pod'],
      hint: ['replaced the file the kubelet wrote', 'nameserver 10.96.0.10'],
      severity: 'error',
      also: (r) => {
        assertFirstError(r, 'resolv-conf-without-nameserver');
        // res_query.c: ECONNREFUSED in the search loop returns at once — one name only.
        assert.deepEqual(r.queries.map((q) => q.fqdn), ['web.shop.default.svc.cluster.local.']);
        assert.equal(r.resolved, false);
        assert.equal(r.undetermined, undefined);
      },
    },
    {
      name: 'a nameserver line naming a host (not an address) counts as none',
      inputs: inputs('web.shop', b, { podFiles: execFiles(noNameserver + 'nameserver dns.corp.example\n') }),
      message: ['no usable nameserver line'],
    },
    {
      name: 'dnsPolicy Default on a node whose resolv.conf lists no nameserver',
      inputs: inputs('example.com', editPod(withNodeResolvConf(b, 'search lab.example.internal\n'), CLIENT, (p) => { p.dnsPolicy = 'Default'; })),
      message: ['as the kubelet writes it', 'inside the pod'],
      hint: ["The node's resolv.conf", 'dnsPolicy Default'],
    },
    {
      name: 'hostNetwork pod copying a node file without nameservers: the node loopback, outcome unknown',
      inputs: inputs('example.com', editPod(withNodeResolvConf(b, 'search lab.example.internal\n'), CLIENT, (p) => { p.dnsPolicy = 'Default'; p.hostNetwork = true; })),
      message: ['on the node itself (host network)'],
      also: (r) => assert.equal(r.undetermined, true),
    },
  ],
  quiet: [
    { name: 'the kubelet-written file with the cluster nameserver', inputs: inputs('web.shop', b, { podFiles: execFiles(clusterResolvConf('default')) }) },
    { name: 'localhost is answered by /etc/hosts before any nameserver is needed', inputs: inputs('localhost', b, { podFiles: execFiles(noNameserver) }) },
  ],
});
