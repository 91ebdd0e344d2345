import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { editCorefile, inputs, withNodes } from '../scenario.ts';

const insecure = withNodes();
const verified = editCorefile(insecure, 'pods insecure', 'pods verified');

findingTester('pod-ip-name-unverified', {
  fires: [
    {
      // The executor was rescheduled: 10.244.1.99 was its old IP.
      name: 'a Spark-style dashed-IP name with an IP no pod has any more',
      inputs: inputs('10-244-1-99.shop.pod.cluster.local.', verified),
      message: ['With `pods verified`, 10-244-1-99.shop.pod.cluster.local. answers only when a pod of namespace shop has IP 10.244.1.99', 'NXDOMAIN'],
      hint: ['No pod has IP 10.244.1.99'],
      severity: 'error',
      also: (r) => assert.equal(r.resolved, false),
    },
    {
      name: 'the IP belongs to db-0, but the name says namespace default',
      inputs: inputs('10-244-1-20.default.pod.cluster.local.', verified),
      message: ['namespace default has IP 10.244.1.20'],
      hint: ['shop/db-0', '10-244-1-20.shop.pod.cluster.local'],
    },
  ],
  quiet: [
    { name: 'pods insecure answers any IP', inputs: inputs('10-244-1-99.shop.pod.cluster.local.', insecure) },
    { name: 'pods verified and the pod exists in that namespace', inputs: inputs('10-244-1-20.shop.pod.cluster.local.', verified) },
  ],
});
