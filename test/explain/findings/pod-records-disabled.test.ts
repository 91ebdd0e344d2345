import { findingTester } from '../finding-tester.ts';
import { editCorefile, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
// The kubernetes block without a pods line (the default: disabled), as many older Corefiles have it.
const noPodsLine = editCorefile(b, '   pods insecure\n', '');

findingTester('pod-records-disabled', {
  fires: [
    {
      name: 'a Spark driver advertises executors as 10-244-1-20.shop.pod.cluster.local; the Corefile has no pods line',
      inputs: inputs('10-244-1-20.shop.pod.cluster.local', noPodsLine),
      message: ['10-244-1-20.shop.pod.cluster.local is a pod-IP name', 'pod records disabled'],
      hint: ['pods insecure'],
      severity: 'error',
    },
    {
      name: 'pods disabled written out',
      inputs: inputs('10-244-1-20.shop.pod', editCorefile(b, 'pods insecure', 'pods disabled')),
      message: ['10-244-1-20.shop.pod is a pod-IP name'],
    },
  ],
  quiet: [
    { name: 'pods insecure (kubeadm)', inputs: inputs('10-244-1-20.shop.pod.cluster.local', b) },
    { name: 'a Service name with pods disabled', inputs: inputs('web.shop', noPodsLine) },
  ],
});
