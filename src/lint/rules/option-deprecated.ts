import { defineRule, type RuleReport } from '../rule.ts';
import { classifySpecProblem, replacementText } from '../spec-problems.ts';

export default defineRule({
  meta: {
    id: 'option-deprecated',
    severity: 'warning',
    messages: {
      deprecated: '{{problem}}{{when}}: a later CoreDNS will refuse it.',
    },
    hint: 'Remove the option or use its replacement before upgrading CoreDNS.',
    docs: {
      summary:
        'Deprecated options still load in the targeted CoreDNS version (often ignored with a log line) but break the Corefile in the version that removes them.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        upstream\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
      options: { corednsVersion: '1.6.9' },
    },
  },
  check(ctx) {
    const reports: RuleReport<'deprecated'>[] = [];
    for (const { problem } of ctx.specProblems) {
      if (classifySpecProblem(problem, ctx.corednsVersion) !== 'deprecated') continue;
      const mentioned = [problem.deprecatedIn, problem.removedIn].some((v) => v && problem.message.includes(v));
      const parts = [
        problem.deprecatedIn ? `deprecated since CoreDNS ${problem.deprecatedIn}` : 'deprecated',
        problem.removedIn ? `removed in ${problem.removedIn}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const when = mentioned ? '' : ` (${parts})`;
      const replacement = replacementText(problem.replacedBy);
      reports.push({
        messageId: 'deprecated',
        data: { problem: problem.message.replace(/\.$/, ''), when },
        token: problem.token,
        ...(problem.hint ? { hint: problem.hint } : replacement ? { hint: `Use ${replacement} instead.` } : {}),
      });
    }
    return reports;
  },
});
