import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'pod-records-disabled',
    severity: 'error',
    message: '{{name}} is a pod-IP name, but the Corefile\'s kubernetes plugin has pod records {{mode}}.',
    hint: 'Add `pods insecure` (or `pods verified`) to the kubernetes block, or address the pod through a Service.',
    docs: {
      summary: 'Names like 10-244-1-20.shop.pod.cluster.local are only answered with `pods insecure` or `pods verified`.',
      example: 'A Spark driver advertises its executors as `10-244-3-7.spark.pod.cluster.local`, but the cluster\'s Corefile has no `pods` line (the default: disabled).',
    },
  },
  check(f) {
    const opts = f.kubernetesOptions;
    if (!opts || opts.podsMode !== 'disabled') return [];
    const re = /^\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}\.[a-z0-9-]+\.pod(\.|$)/;
    const bare = f.name.text.toLowerCase();
    if (!re.test(bare) && !f.candidates.some((c) => re.test(c.candidate.fqdn))) return [];
    return [{ data: { name: f.name.text, mode: 'disabled' } }];
  },
});
