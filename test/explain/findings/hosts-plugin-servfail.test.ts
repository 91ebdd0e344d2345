import { findingTester, assertFirstError } from '../finding-tester.ts';
import { editCorefile, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
const pinOne = (extra: string) => editCorefile(b, '    ready\n', `    ready\n    hosts {\n        10.1.2.3 registry.corp\n${extra}    }\n`);

findingTester('hosts-plugin-servfail', {
  fires: [
    {
      name: 'hosts { 10.1.2.3 registry.corp } added to .:53 to pin one name broke every other lookup',
      inputs: inputs('web.shop', pinOne('')),
      message: ['hosts plugin answers SERVFAIL for web.shop.default.svc.cluster.local.', 'no `fallthrough`'],
      hint: ['Add `fallthrough`'],
      severity: 'error',
      also: (r) => {
        if (r.resolved) throw new Error('resolved through a hosts block without fallthrough');
        if (!r.queries.every((q) => q.predicted === 'SERVFAIL')) throw new Error('every name should be SERVFAIL');
      },
    },
  ],
  quiet: [
    { name: 'the same hosts block with fallthrough', inputs: inputs('web.shop', pinOne('        fallthrough\n')) },
    { name: 'the pinned name itself', inputs: inputs('registry.corp.', pinOne('')) },
  ],
});
