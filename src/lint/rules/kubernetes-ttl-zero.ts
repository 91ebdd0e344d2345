import { defineRule, type RuleReport } from '../rule.ts';
import { eachPlugin, property } from '../corefile-walk.ts';

export default defineRule({
  meta: {
    id: 'kubernetes-ttl-zero',
    severity: 'info',
    messages: {
      zero: '"ttl 0" makes every cluster answer uncacheable: clients and NodeLocal DNSCache ask CoreDNS again for each connection.',
    },
    hint: 'Use the default ttl 5 or kubeadm\'s ttl 30 unless you need instant failover on Service changes.',
    docs: {
      summary:
        'A zero TTL disables caching of Service answers everywhere downstream, multiplying the query load on CoreDNS.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        fallthrough in-addr.arpa ip6.arpa\n        ttl 0\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        fallthrough in-addr.arpa ip6.arpa\n        ttl 30\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'zero'>[] = [];
    for (const { directive } of eachPlugin(ctx.corefile)) {
      if (directive.name.text !== 'kubernetes') continue;
      const ttl = property(directive, 'ttl');
      if (ttl?.args[0]?.text === '0') reports.push({ messageId: 'zero', token: ttl.args[0] });
    }
    return reports;
  },
});
