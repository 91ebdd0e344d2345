import { findingTester } from '../finding-tester.ts';
import type { ClusterView } from '../../../src/model/view.ts';
import { inputs, withNodes } from '../scenario.ts';

const b = withNodes();

/** The web Service selects app=web but the pods are labelled app.kubernetes.io/name=web: the slice is empty. */
function selectorMatchesNothing(view: ClusterView): ClusterView {
  const v = structuredClone(view);
  for (const s of v.endpointSlices) if (s.namespace === 'shop' && s.serviceName === 'web') s.endpoints = [];
  return v;
}

findingTester('service-without-endpoints', {
  fires: [
    {
      name: 'the Service selects app: web while the pods are labelled app.kubernetes.io/name: web',
      inputs: inputs('web.shop', selectorMatchesNothing(b)),
      message: ['web.shop resolves to 10.96.12.7', 'Service shop/web has no ready endpoint'],
      hint: ['app=web'],
      severity: 'warning',
      also: (r) => {
        if (!r.resolved) throw new Error('a ClusterIP Service resolves without endpoints');
      },
    },
  ],
  quiet: [
    { name: 'three ready web pods', inputs: inputs('web.shop', b) },
    { name: 'a headless Service (headless-no-ready-endpoints covers it)', inputs: inputs('db.shop', b) },
  ],
});
