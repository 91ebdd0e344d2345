import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'pod-not-running',
    severity: 'warning',
    message: 'Pod {{pod}} is {{phase}}, so nothing could be read or asked from inside it.',
    hint: 'The resolv.conf shown is the one the kubelet would write; explain from a running pod to see the real one.',
    docs: {
      summary: 'A pod that is Pending, Succeeded or Failed cannot be exec\'d into; its files are computed instead.',
      example: 'The client pod is stuck in Pending on an unschedulable node while the user debugs its DNS.',
    },
  },
  check(f) {
    if (!f.pod || f.podRunning) return [];
    return [{ data: { pod: `${f.pod.namespace}/${f.pod.name}`, phase: f.pod.phase ?? 'not running' } }];
  },
});
