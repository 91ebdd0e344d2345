import { closest } from '../../lint/suggest.ts';
import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'pod-not-found',
    severity: 'error',
    message: 'Pod {{pod}} does not exist in namespace {{namespace}}.',
    hint: 'Check the name with `kubectl get pods -n {{namespace}}`{{suggestion}}',
    docs: {
      summary: 'explain starts from a pod; without it there is no resolv.conf, no node and no policy to follow.',
      example: 'A Deployment rolled and the pod name typed from last hour\'s `kubectl get pods` no longer exists.',
    },
  },
  check(f) {
    if (f.pod) return [];
    const { namespace, pod } = f.inputs.from;
    const names = f.view.pods.filter((p) => p.namespace === namespace).map((p) => p.name);
    const near = closest(pod, names) ?? names.find((n) => n.startsWith(pod + '-'));
    return [{ data: { pod, namespace, suggestion: near ? `; did you mean ${near}?` : '.' } }];
  },
});
