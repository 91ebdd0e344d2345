import { findingTester } from '../finding-tester.ts';
import { CLIENT, editPod, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
const pending = editPod(b, CLIENT, (p) => {
  p.phase = 'Pending';
  p.ready = false;
  delete p.nodeName;
  p.containerStatuses = [];
});

findingTester('pod-not-running', {
  fires: [
    {
      name: 'the client pod is stuck Pending on an unschedulable node',
      inputs: inputs('web.shop', pending),
      message: ['Pod default/client is Pending'],
      severity: 'warning',
    },
    {
      name: 'a Job pod that already Succeeded',
      inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.phase = 'Succeeded'; p.ready = false; })),
      message: ['is Succeeded'],
    },
  ],
  quiet: [{ name: 'a Running pod', inputs: inputs('web.shop', b) }],
});
