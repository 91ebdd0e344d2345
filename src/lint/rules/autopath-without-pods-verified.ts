import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugin, property } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'autopath-without-pods-verified',
    severity: 'warning',
    messages: {
      notVerified:
        '"autopath @kubernetes" does nothing unless the kubernetes plugin has "pods verified" (it has {{mode}}): the search-path shortcut is silently off.',
      noKubernetes: '"autopath @kubernetes" needs a kubernetes plugin in the same server block.',
    },
    hint: 'Set "pods verified" inside the kubernetes block, or remove autopath.',
    docs: {
      summary:
        'autopath answers a pod\'s first search-list query with the final answer, but the kubernetes plugin only tells it the pod\'s namespace when pod records are verified (plugin/kubernetes autopath.go returns nothing otherwise).',
      bad: '.:53 {\n    errors\n    autopath @kubernetes\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    autopath @kubernetes\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods verified\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'notVerified' | 'noKubernetes'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      const autopath = findPlugin(block, 'autopath');
      if (!autopath || autopath.args[0]?.text !== '@kubernetes') continue;
      const k8s = findPlugin(block, 'kubernetes');
      if (!k8s) {
        reports.push({ messageId: 'noKubernetes', token: autopath.args[0] });
        continue;
      }
      const mode = property(k8s, 'pods')?.args[0]?.text ?? 'disabled';
      if (mode !== 'verified') {
        reports.push({ messageId: 'notVerified', data: { mode: `pods ${mode}` }, token: autopath.name });
      }
    }
    return reports;
  },
});
