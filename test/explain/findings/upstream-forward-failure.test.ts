import { findingTester, assertFirstError } from '../finding-tester.ts';
import { base, editCorefile, inputs, obs, withNodes } from '../scenario.ts';

const b = withNodes();
const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };
const searchNx = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example.internal'].map((d) => obs(`api.github.com.${d}.`, 'NXDOMAIN'));
const servfail = [...searchNx, obs('api.github.com.', 'SERVFAIL')];
// Without the nodes' files the pod's search list has no lab.example.internal.
const servfailNoNodes = [...searchNx.slice(0, 3), obs('api.github.com.', 'SERVFAIL')];

/** A snapshot that also holds the files read inside CoreDNS pod coredns-7c65d6cfc9-4xkqz. */
function withCorednsResolvConf(text: string) {
  const v = withNodes();
  v.files['kube-system/coredns-7c65d6cfc9-4xkqz'] = { '/etc/resolv.conf': text };
  return v;
}

findingTester('upstream-forward-failure', {
  fires: [
    {
      name: 'the VPC resolver rate-limits CoreDNS: external names turn into SERVFAIL under load',
      inputs: inputs('api.github.com', b, { queriedVia: via, observed: servfail }),
      // The snapshot holds the node's resolv.conf: CoreDNS (dnsPolicy Default) forwards to its nameserver.
      message: ['api.github.com. is forwarded to /etc/resolv.conf (192.168.56.1)', 'came back SERVFAIL'],
      hint: ['dig @192.168.56.1 api.github.com.'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'upstream-forward-failure'),
    },
    {
      name: 'the upstream times out while cluster names answer',
      inputs: inputs('api.github.com', b, { queriedVia: via, observed: [...searchNx, obs('api.github.com.', 'TIMEOUT')] }),
      message: ['came back TIMEOUT'],
    },
    {
      name: 'the Corefile forwards to the corporate resolvers by address',
      inputs: inputs('api.github.com', editCorefile(b, 'forward . /etc/resolv.conf', 'forward . 10.20.0.2 dns://10.20.0.3:5353'), { queriedVia: via, observed: servfail }),
      message: ['is forwarded to 10.20.0.2 dns://10.20.0.3:5353 and came back SERVFAIL'],
      hint: ['`dig @10.20.0.2 api.github.com.`'],
    },
    {
      name: 'the snapshot read /etc/resolv.conf inside the CoreDNS pod: that file wins over the node\'s',
      inputs: inputs('api.github.com', withCorednsResolvConf('nameserver 10.0.0.53\nnameserver 10.0.0.54\n'), { queriedVia: via, observed: servfail }),
      message: ['/etc/resolv.conf (10.0.0.53, 10.0.0.54)'],
      hint: ['dig @10.0.0.53 api.github.com.'],
    },
    {
      name: 'the node\'s resolv.conf is not in the snapshot: the hint says which address to use instead of inventing one',
      inputs: inputs('api.github.com', base(), { queriedVia: via, observed: servfailNoNodes }),
      message: ['is forwarded to /etc/resolv.conf and came back SERVFAIL'],
      hint: ['dig @NODE-RESOLVER api.github.com.', 'the resolv.conf of the node CoreDNS runs on'],
    },
  ],
  quiet: [
    { name: 'the upstream answers', inputs: inputs('api.github.com', b, { queriedVia: via, observed: [...searchNx, obs('api.github.com.', 'NOERROR', ['140.82.121.6'])] }) },
    { name: 'offline', inputs: inputs('api.github.com', b) },
    {
      // A live dig asks every candidate, but glibc stops at the first answer: web.shop.lab.example.internal. is never sent by the application.
      name: 'the upstream refuses a name the resolver never sends (the walk stopped at the Service)',
      inputs: inputs('web.shop', b, {
        queriedVia: via,
        observed: [obs('web.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7']), obs('web.shop.cluster.local.', 'NXDOMAIN'), obs('web.shop.lab.example.internal.', 'REFUSED'), obs('web.shop.', 'REFUSED')],
      }),
    },
    {
      name: 'every query timed out: the pod never reached CoreDNS (dns-unreachable, not the upstream)',
      inputs: inputs('web.shop', b, { queriedVia: via, observed: [obs('web.shop.default.svc.cluster.local.', 'TIMEOUT'), obs('web.shop.', 'TIMEOUT')] }),
    },
  ],
});
