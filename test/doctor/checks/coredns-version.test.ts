import { cluster, find, testCheck, type Obj } from '../check-tester.ts';

function corefile(items: Obj[], edit: (text: string) => string): void {
  const cm = find(items, 'ConfigMap', 'coredns', 'kube-system');
  cm['data'].Corefile = edit(cm['data'].Corefile);
}

function image(items: Obj[], img: string): void {
  find(items, 'Deployment', 'coredns')['spec'].template.spec.containers[0].image = img;
}

testCheck('coredns-version', [
  { name: 'kubeadm 1.31: CoreDNS 1.11.3 and its Corefile', inputs: cluster(), status: 'ok', evidence: ['CoreDNS 1.11.3', 'every plugin and option'] },
  {
    name: 'an option from 1.12 on a 1.11.3 image',
    inputs: cluster({ edit: (items) => corefile(items, (t) => t.replace('max_concurrent 1000', 'max_concurrent 1000\n       failfast_all_unhealthy_upstreams')) }),
    status: 'fail',
    evidence: ['failfast_all_unhealthy_upstreams'],
  },
  {
    name: 'proxy kept from an old Corefile on 1.11',
    inputs: cluster({ edit: (items) => corefile(items, (t) => t.replace(/forward \. \/etc\/resolv\.conf \{[^}]*\}/, 'proxy . /etc/resolv.conf')) }),
    status: 'fail',
    evidence: ['[plugin-removed]'],
  },
  {
    name: 'an image pinned by digest only',
    inputs: cluster({ edit: (items) => image(items, 'registry.k8s.io/coredns/coredns@sha256:9caabbf6238b189a65d0d6e6ac138de60d6a1c419e5a341fbbb7c78382559c6e') }),
    status: 'skip',
    evidence: ['the tag is not a version'],
  },
]);
