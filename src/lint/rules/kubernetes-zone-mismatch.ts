import { defineRule, type RuleReport } from '../rule.ts';
import { eachPlugin, isReverseZone, kubernetesZones } from '../corefile-walk.ts';
import { isSubdomain } from '../../shared/fqdn.ts';

export default defineRule({
  meta: {
    id: 'kubernetes-zone-mismatch',
    severity: 'error',
    messages: {
      mismatch:
        'The kubernetes plugin serves {{zones}} but the cluster domain is {{clusterDomain}}: Service and Pod names under {{clusterDomain}} never reach it.',
    },
    hint: 'Write the cluster domain (the kubelet\'s clusterDomain) as the kubernetes plugin\'s zone, e.g. "kubernetes {{clusterDomainBare}} in-addr.arpa ip6.arpa".',
    docs: {
      summary:
        'The kubelet writes `search <ns>.svc.<clusterDomain> ...` into every pod; if the kubernetes plugin serves another zone, every short Service name is forwarded upstream and fails.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes k8s.example.com in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      options: { clusterDomain: 'k8s.example.com' },
    },
  },
  check(ctx) {
    const reports: RuleReport<'mismatch'>[] = [];
    const domain = ctx.clusterDomain;
    if (!domain) return reports;
    const directives = [...eachPlugin(ctx.corefile)].filter((p) => p.directive.name.text === 'kubernetes');
    if (directives.length === 0) return reports;
    const all = directives.flatMap(({ directive, block }) => kubernetesZones(directive, block));
    if (all.some((z) => isSubdomain(domain, z))) return reports;
    for (const { directive, block } of directives) {
      const zones = kubernetesZones(directive, block).filter((z) => !isReverseZone(z));
      reports.push({
        messageId: 'mismatch',
        data: { zones: zones.join(' ') || '(no forward zone)', clusterDomain: domain, clusterDomainBare: domain.replace(/\.$/, '') },
        token: directive.args.find((a) => !isReverseZone(a.text.toLowerCase() + '.')) ?? directive.name,
      });
    }
    return reports;
  },
});
