import assert from 'node:assert/strict';
import type { ClusterView } from '../../../src/model/view.ts';
import { findingTester } from '../finding-tester.ts';
import { inputs, withKubelet, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
/** node-cache run without -upstreamsvc (older manifests): it forwards to the kube-dns Service. */
function withoutUpstreamSvc(v: ClusterView): ClusterView {
  const out = structuredClone(v);
  for (const d of out.daemonSets) for (const c of d.containers) c.args = (c.args ?? []).filter((a, i, all) => a !== '-upstreamsvc' && all[i - 1] !== '-upstreamsvc');
  return out;
}
/** The kube-dns-upstream Service the manifest creates (kube-dns's selector, its own ClusterIP). */
function withUpstreamSvc(v: ClusterView): ClusterView {
  const out = structuredClone(v);
  const kd = out.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns')!;
  out.services.push({ ...structuredClone(kd), name: 'kube-dns-upstream', clusterIPs: ['10.96.0.11'] });
  return out;
}
const nodelocal = withKubelet(withObjects(b, 'node-local-dns.yaml'), { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' });

findingTester('nodelocal-dns-in-path', {
  fires: [
    {
      name: 'NodeLocal DNSCache in path: an un-rolled node-local-dns may forward to an old kube-dns IP',
      inputs: inputs('web.shop', nodelocal),
      // The DaemonSet runs node-cache with -upstreamsvc kube-dns-upstream: that is where cluster names go.
      message: ['NodeLocal DNSCache at 169.254.20.10', 'forwards cluster names to CoreDNS through Service kube-dns-upstream.'],
      hint: ['node node-2', 'k8s-app=node-local-dns'],
      severity: 'info',
      also: (r) => {
        if (!r.resolved || r.resolvConf.nameservers[0] !== '169.254.20.10') throw new Error('expected a resolved name through 169.254.20.10');
      },
    },
    {
      name: 'a node-cache DaemonSet without -upstreamsvc forwards to the kube-dns Service itself',
      inputs: inputs('web.shop', withoutUpstreamSvc(nodelocal)),
      message: ['forwards cluster names to the kube-dns Service (10.96.0.10)'],
      also: (r) => assert.match(r.steps.find((s) => s.title === 'Nameserver')!.detail, /forwards cluster names to the kube-dns Service \(10\.96\.0\.10\)/),
    },
    {
      name: 'the kube-dns-upstream Service is in the snapshot: its ClusterIP is named, in the finding and the Nameserver step',
      inputs: inputs('web.shop', withUpstreamSvc(nodelocal)),
      message: ['CoreDNS through Service kube-dns-upstream (10.96.0.11)'],
      also: (r) => assert.match(r.steps.find((s) => s.title === 'Nameserver')!.detail, /CoreDNS through Service kube-dns-upstream \(10\.96\.0\.11\)/),
    },
  ],
  quiet: [
    { name: 'pods ask kube-dns directly', inputs: inputs('web.shop', b) },
    { name: 'the DaemonSet is installed but the kubelet still hands out 10.96.0.10', inputs: inputs('web.shop', withObjects(b, 'node-local-dns.yaml')) },
  ],
});
