import { findingTester, assertFirstError } from '../finding-tester.ts';
import { inputs, scaleCoreDns, withNodes } from '../scenario.ts';

const b = withNodes();

findingTester('coredns-scaled-to-zero', {
  fires: [
    {
      name: 'a cost-saving job scaled every Deployment in kube-system to zero overnight',
      inputs: inputs('web.shop', scaleCoreDns(b)),
      message: ['Deployment kube-system/coredns', 'scaled to 0 replicas'],
      hint: ['kubectl -n kube-system scale deployment coredns --replicas=2'],
      severity: 'error',
      also: (r) => {
        assertFirstError(r, 'coredns-scaled-to-zero');
        if (r.resolved) throw new Error('resolved with CoreDNS at zero replicas');
      },
    },
  ],
  quiet: [
    { name: 'the kubeadm default of 2 replicas', inputs: inputs('web.shop', b) },
    { name: 'scaled down to 1 replica, still answering', inputs: inputs('web.shop', scaleCoreDns(b, 1)) },
  ],
});
