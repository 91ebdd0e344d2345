import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { inputs, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('ip-literal', {
  fires: [
    {
      // A connection string with the Service IP instead of its name.
      name: 'postgres://10.96.12.7: an IPv4 literal is answered without DNS',
      inputs: inputs('10.96.12.7', b, { getaddrinfo: true }),
      message: ['10.96.12.7 is an IPv4 address, not a name', 'without /etc/hosts or a DNS query'],
      hint: ['7.12.96.10.in-addr.arpa.', '--type PTR', 'default/client'],
      also: (r) => {
        assert.equal(r.resolved, true);
        assert.deepEqual(r.answer, { source: 'literal', fqdn: '10.96.12.7', addresses: ['10.96.12.7'], cname: [] });
        assert.deepEqual(r.queries, [], 'no query is sent');
        assert.deepEqual(r.verdict, { status: 'resolves', assumptions: [] });
      },
    },
    {
      name: 'an IPv6 literal: its PTR name is the nibble form under ip6.arpa',
      inputs: inputs('fd00:10:96::c7', b),
      message: ['fd00:10:96::c7 is an IPv6 address'],
      hint: ['7.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.'],
    },
  ],
  quiet: [
    { name: 'a name made of digits and dots that is not an address', inputs: inputs('10-244-1-20.shop.pod.cluster.local', b) },
    { name: 'the PTR name itself', inputs: inputs('7.12.96.10.in-addr.arpa.', b, { type: 'PTR' }) },
  ],
});
