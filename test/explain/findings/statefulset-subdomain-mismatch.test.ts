import { findingTester } from '../finding-tester.ts';
import { inputs, withNodes, withObjects } from '../scenario.ts';

const b = withNodes();
const kafka = withObjects(b, 'kafka.yaml');

findingTester('statefulset-subdomain-mismatch', {
  fires: [
    {
      name: 'StatefulSet kafka has serviceName kafka-headless but the chart created kafka-hs',
      inputs: inputs('kafka-0.kafka-headless.shop', kafka),
      message: ['Pod shop/kafka-0 exists', 'no Service kafka-headless in shop'],
      hint: ['headless Service named kafka-headless', 'kafka-hs selects the pod'],
      severity: 'error',
    },
    {
      name: 'asking by the Service that exists but is not the pod subdomain',
      inputs: inputs('kafka-0.kafka-hs.shop', kafka),
      message: ['has subdomain kafka-headless, not kafka-hs'],
      hint: ["Set the StatefulSet's serviceName to kafka-hs"],
    },
    {
      name: 'a per-pod name under a ClusterIP (not headless) Service',
      inputs: inputs('web-6d4b8c7f9d-2lq8x.web.shop', b),
      message: ['Service shop/web is not headless'],
    },
  ],
  quiet: [
    { name: 'db-0.db.shop: serviceName db names the headless Service db', inputs: inputs('db-0.db.shop', b) },
    { name: 'a plain Service name', inputs: inputs('web.shop', kafka) },
  ],
});
