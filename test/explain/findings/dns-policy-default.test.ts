import { findingTester } from '../finding-tester.ts';
import { CLIENT, editPod, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
const defaultPolicy = editPod(b, CLIENT, (p) => { p.dnsPolicy = 'Default'; });

findingTester('dns-policy-default', {
  fires: [
    {
      name: 'a Deployment copied from a node-agent manifest carries dnsPolicy: Default; curl web fails',
      inputs: inputs('web.shop', defaultPolicy),
      message: ['Pod default/client has dnsPolicy Default', 'uses 192.168.56.1'],
      hint: ['dnsPolicy: ClusterFirst'],
      severity: 'error',
      also: (r) => {
        if (r.resolvConf.nameservers[0] !== '192.168.56.1') throw new Error(`nameserver ${r.resolvConf.nameservers[0]}`);
      },
    },
  ],
  quiet: [
    { name: 'dnsPolicy ClusterFirst', inputs: inputs('web.shop', b) },
    {
      name: 'dnsPolicy Default for an external name that the node resolver answers',
      inputs: inputs('example.com', defaultPolicy, { observed: [{ fqdn: 'example.com.', type: 'A', status: 'NOERROR', answers: ['93.184.215.14'] }] }),
    },
    // An external name is the node resolver's to answer: the policy is not why it fails or is unknown.
    { name: 'a node agent with dnsPolicy Default asks example.com offline: undetermined, not a policy error', inputs: inputs('example.com', defaultPolicy) },
    {
      name: 'the node resolver itself answers SERVFAIL for an external name',
      inputs: inputs('example.com', defaultPolicy, { observed: [{ fqdn: 'example.com.', type: 'A', status: 'SERVFAIL', answers: [] }, { fqdn: 'example.com.lab.example.internal.', type: 'A', status: 'NXDOMAIN', answers: [] }] }),
    },
  ],
});
