import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, removeService, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('kube-dns-service-missing', {
  fires: [
    {
      name: 'someone deleted the kube-dns Service while cleaning up "unused" Services',
      inputs: inputs('web.shop', removeService(b, 'kube-system', 'kube-dns')),
      message: ['No cluster DNS Service was found'],
      hint: ['10.96.0.10', 'kubeadm init phase addon coredns'],
      severity: 'error',
      also: (r) => assertFirstError(r, 'kube-dns-service-missing'),
    },
  ],
  quiet: [
    { name: 'the kubeadm kube-dns Service', inputs: inputs('web.shop', b) },
    { name: 'another Service deleted, not the DNS one', inputs: inputs('web.shop', removeService(b, 'shop', 'api')) },
  ],
});
