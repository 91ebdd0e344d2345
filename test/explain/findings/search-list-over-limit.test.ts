import { findingTester } from '../finding-tester.ts';
import { clusterResolvConf, execFiles, inputs, withNodeResolvConf, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
const corpDhcp = 'nameserver 10.0.0.2\nsearch corp.example.com eng.corp.example.com it.corp.example.com lab.corp.example.com dev.corp.example.com intranet.corp.example.com\n';
const longDomains = Array.from({ length: 8 }, (_, i) => `zone${i}.datacenter-west.corp.example.com`).join(' ');

findingTester('search-list-over-limit', {
  fires: [
    {
      name: 'nodes inherit 6 search domains from DHCP; with the 3 cluster domains an old glibc drops intranet',
      inputs: inputs('wiki', withNodeResolvConf(b, corpDhcp)),
      message: ['glibc before 2.26 uses only the first 6 of 9 search domains'],
      hint: ["Shorten the node's search line"],
      severity: 'warning',
    },
    {
      name: 'an Alpine pod and a 376-character search line: musl skips the line, no search list at all',
      inputs: inputs('web.shop', withNodeResolvConf(withObjects(b, 'alpine-pod.yaml'), `nameserver 10.0.0.2\nsearch ${longDomains}\n`), { from: { namespace: 'default', pod: 'tools' } }),
      message: ['musl (Alpine) skips lines over 254 characters'],
      also: (r) => {
        if (r.resolvConf.search.length !== 0) throw new Error('musl should have no search list');
      },
    },
    {
      name: 'four nameservers in resolv.conf: the fourth is never asked',
      inputs: inputs('web.shop', b, { podFiles: execFiles(clusterResolvConf('default') + 'nameserver 10.96.0.11\nnameserver 10.96.0.12\nnameserver 10.96.0.13\n') }),
      message: ['more than 3 nameservers', '10.96.0.13'],
      hint: ['at most 3 nameservers'],
    },
  ],
  quiet: [
    { name: 'the 4 domains of a kubeadm pod', inputs: inputs('wiki', b) },
    { name: 'a long search line read by glibc (not Alpine) has no musl problem', inputs: inputs('web.shop', withNodeResolvConf(b, `nameserver 10.0.0.2\nsearch ${longDomains.split(' ').slice(0, 3).join(' ')}\n`)) },
  ],
});
