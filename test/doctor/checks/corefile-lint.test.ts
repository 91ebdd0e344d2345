import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

function corefile(items: Obj[], edit: (text: string) => string): void {
  const cm = find(items, 'ConfigMap', 'coredns', 'kube-system');
  cm['data'].Corefile = edit(cm['data'].Corefile);
}

testCheck('corefile-lint', [
  { name: 'kubeadm\'s Corefile', inputs: cluster(), status: 'ok', evidence: ['configmap kube-system/coredns: 0 errors, 0 warnings'] },
  {
    name: 'the ready plugin was dropped while the readiness probe calls it',
    inputs: cluster({ edit: (items) => corefile(items, (t) => t.replace(/\n\s*ready\n/, '\n')) }),
    status: 'fail',
    evidence: ['1 error', '[missing-ready]'],
  },
  {
    name: 'the loop plugin was dropped while forwarding to resolv.conf',
    inputs: cluster({ edit: (items) => corefile(items, (t) => t.replace(/\n\s*loop\n/, '\n')) }),
    status: 'warn',
    evidence: ['0 errors, 1 warning', '[forward-resolv-conf-without-loop]'],
  },
  {
    name: 'a typo in a plugin name',
    inputs: cluster({ edit: (items) => corefile(items, (t) => t.replace('loadbalance', 'loadbalanse')) }),
    status: 'fail',
    evidence: ['[unknown-plugin]'],
  },
  {
    name: 'no Corefile ConfigMap',
    inputs: cluster({ edit: (items) => items.splice(items.indexOf(find(items, 'ConfigMap', 'coredns', 'kube-system')), 1) }),
    status: 'skip',
    evidence: ['no CoreDNS Corefile found'],
  },
]);
