import assert from 'node:assert/strict';
import { findingTester } from '../finding-tester.ts';
import { inputs, obsPair, withNodes } from '../scenario.ts';

const b = withNodes();
const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };
const cluster = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
const nx = (name: string) => cluster.flatMap((d) => obsPair(`${name}.${d}.`, 'NXDOMAIN'));

findingTester('upstream-wildcard-hijack', {
  fires: [
    {
      // The node's search domain (lab.example.internal) has `*.lab.example.internal A 203.0.113.10`.
      name: 'curl api.github.com lands on the corporate wildcard of the node\'s search domain',
      inputs: inputs('api.github.com', b, {
        getaddrinfo: true,
        queriedVia: via,
        observed: [...nx('api.github.com'), ...obsPair('api.github.com.lab.example.internal.', 'NOERROR', ['203.0.113.10']), ...obsPair('api.github.com.', 'NOERROR', ['140.82.121.6'])],
      }),
      message: ['The upstream answers api.github.com.lab.example.internal. (203.0.113.10)', 'under lab.example.internal', 'never reaches api.github.com.'],
      hint: ['*.lab.example.internal', 'api.github.com.'],
      severity: 'error',
      also: (r) => {
        assert.deepEqual(r.answer?.addresses, ['203.0.113.10'], 'the resolver really takes the wildcard answer');
        assert.deepEqual(r.verdict.assumptions, [], 'the real query turned the assumption into a fact');
      },
    },
  ],
  quiet: [
    { name: 'offline: the node-domain name is only assumed NXDOMAIN (the verdict says so)', inputs: inputs('api.github.com', b, { getaddrinfo: true }) },
    {
      name: 'the node\'s domain answers NXDOMAIN for real',
      inputs: inputs('api.github.com', b, {
        getaddrinfo: true,
        queriedVia: via,
        observed: [...nx('api.github.com'), ...obsPair('api.github.com.lab.example.internal.', 'NXDOMAIN'), ...obsPair('api.github.com.', 'NOERROR', ['140.82.121.6'])],
      }),
    },
  ],
});
