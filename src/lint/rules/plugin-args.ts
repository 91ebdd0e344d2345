import { defineRule, type RuleReport } from '../rule.ts';
import { classifySpecProblem } from '../spec-problems.ts';

export default defineRule({
  meta: {
    id: 'plugin-args',
    severity: 'error',
    messages: {
      problem: '{{problem}}.',
    },
    hint: 'Compare the line with the syntax in the plugin README (https://coredns.io/plugins/).',
    docs: {
      summary:
        'Wrong argument counts, unknown options and bad values in a plugin line are rejected by the plugin\'s setup when CoreDNS starts ("plugin/cache: ... Wrong argument count or unexpected line ending"; "plugin/kubernetes: wrong value for pods").',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods secure\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'problem'>[] = [];
    for (const { problem } of ctx.specProblems) {
      if (classifySpecProblem(problem, ctx.corednsVersion) !== 'args') continue;
      reports.push({
        messageId: 'problem',
        data: { problem: problem.message.replace(/\.$/, '') },
        token: problem.token,
        severity: problem.severity === 'warning' ? 'warning' : 'error',
        ...(problem.hint ? { hint: problem.hint } : {}),
      });
    }
    return reports;
  },
});
