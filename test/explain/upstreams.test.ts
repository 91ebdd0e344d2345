import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeFacts } from '../../src/explain/diagnose.ts';
import { digCommand, resolveUpstreams, serverText } from '../../src/explain/upstreams.ts';
import { base, inputs, scaleCoreDns, withNodes } from './scenario.ts';

describe('resolveUpstreams: the servers behind forward TO entries', () => {
  it('addresses as written: plain, dns:// with a port, IPv6 in brackets, tls:// with a server name', () => {
    const f = computeFacts(inputs('web.shop', withNodes()));
    const ups = resolveUpstreams(f, ['8.8.8.8', 'dns://10.0.0.2:5353', '[fd00::53]:53', 'tls://1.1.1.1%cloudflare-dns.com']);
    assert.deepEqual(ups.map((u) => u.servers.map(serverText)), [['8.8.8.8'], ['10.0.0.2:5353'], ['fd00::53'], ['tls://1.1.1.1']]);
    assert.equal(digCommand(ups[1]!.servers[0]!, 'a.example.'), 'dig @10.0.0.2 -p 5353 a.example.');
    assert.equal(digCommand(ups[3]!.servers[0]!, 'a.example.'), 'dig +tls @1.1.1.1 a.example.');
  });

  it('/etc/resolv.conf is the CoreDNS pod\'s node file (dnsPolicy Default)', () => {
    const f = computeFacts(inputs('web.shop', withNodes()));
    const [u] = resolveUpstreams(f, ['/etc/resolv.conf']);
    assert.deepEqual(u!.servers.map(serverText), ['192.168.56.1']);
    assert.match(u!.from!, /resolv\.conf of node node-1/);
  });

  it('/etc/resolv.conf unknown without the nodes\' files; with CoreDNS at zero, the nodes\' file when they agree', () => {
    assert.deepEqual(resolveUpstreams(computeFacts(inputs('web.shop', base())), ['/etc/resolv.conf'])[0]!.servers, []);
    const zero = scaleCoreDns(withNodes());
    assert.deepEqual(resolveUpstreams(computeFacts(inputs('web.shop', zero)), ['/etc/resolv.conf'])[0]!.servers.map(serverText), ['192.168.56.1']);
    const split = structuredClone(zero);
    split.nodeResolvConf['node-2'] = 'nameserver 10.9.9.9\n';
    assert.deepEqual(resolveUpstreams(computeFacts(inputs('web.shop', split)), ['/etc/resolv.conf'])[0]!.servers, []);
  });
});
