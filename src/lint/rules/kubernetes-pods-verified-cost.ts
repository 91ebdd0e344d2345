import { defineRule, type RuleReport } from '../rule.ts';
import { eachPlugin, property } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'kubernetes-pods-verified-cost',
    severity: 'info',
    messages: {
      cost: '"pods verified" makes every CoreDNS replica watch all Pods in the cluster: memory grows with the pod count.',
    },
    hint: 'Keep it if you need autopath or verified pod records; otherwise "pods insecure" (or disabled) costs nothing per pod.',
    docs: {
      summary:
        'With `pods verified` the kubernetes plugin keeps a watch on every Pod to check that a pod A record exists; in large clusters this is a major share of CoreDNS memory (plugin/kubernetes README).',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods verified\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'cost'>[] = [];
    for (const { directive } of eachPlugin(ctx.corefile)) {
      if (directive.name.text !== 'kubernetes') continue;
      const pods = property(directive, 'pods');
      if (pods?.args[0]?.text === 'verified') reports.push({ messageId: 'cost', token: pods.args[0] });
    }
    return reports;
  },
});
