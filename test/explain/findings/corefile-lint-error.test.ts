import { findingTester } from '../finding-tester.ts';
import { editCorefile, inputs, withKubelet, withNodes } from '../scenario.ts';

const b = withNodes();
// forward . 10.0.0.2 10.0.0.3 { policy randomly }: a typo in policy that reload rejects.
const typo = editCorefile(editCorefile(b, 'forward . /etc/resolv.conf', 'forward . 10.0.0.2 10.0.0.3'), 'max_concurrent 1000', 'policy randomly');
// hosts { 10.1.2.3 registry.corp } without fallthrough in .:53.
const pinOne = editCorefile(b, '    ready\n', '    ready\n    hosts {\n        10.1.2.3 registry.corp\n    }\n');
const corpKubelet = withKubelet(b, { clusterDNS: ['10.96.0.10'], clusterDomain: 'corp.local', resolvConf: '/run/systemd/resolve/resolv.conf' });

findingTester('corefile-lint-error', {
  fires: [
    {
      name: 'an edit added forward . 10.0.0.2 10.0.0.3 with a typo in policy; reload rejected it',
      inputs: inputs('web.shop', typo),
      message: ['configmap kube-system/coredns', '1 error(s)', 'randomly', '[plugin-args]'],
      hint: ['kubectl dns lint-corefile'],
      severity: 'error',
    },
    {
      name: 'the pinned name itself resolves, but the hosts block without fallthrough still breaks every cluster name',
      inputs: inputs('registry.corp.', pinOne),
      message: ['1 error(s)', '[hosts-without-fallthrough]'],
    },
  ],
  quiet: [
    { name: "kubeadm's Corefile", inputs: inputs('web.shop', b) },
    // The same fault, said once, in terms of the query.
    { name: 'a hosts block without fallthrough: hosts-plugin-servfail says it for this query', inputs: inputs('web.shop', pinOne) },
    { name: 'kubelet corp.local, Corefile cluster.local: cluster-domain-mismatch says it', inputs: inputs('web.shop', corpKubelet) },
  ],
});
