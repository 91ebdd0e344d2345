import { defineRule, type RuleReport } from '../rule.ts';
import { classifySpecProblem, replacementText } from '../spec-problems.ts';

export default defineRule({
  meta: {
    id: 'option-removed',
    severity: 'error',
    messages: {
      removed: '{{problem}}{{when}}; this Corefile targets CoreDNS {{version}}, which refuses to start.',
    },
    hint: 'Remove the option or use its replacement; see the plugin README for the current syntax.',
    docs: {
      summary:
        'Options that CoreDNS removed (the kubernetes `upstream` and `resyncperiod` options, for example) are syntax errors in later versions: the pods crash-loop after an upgrade until the Corefile is fixed.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        upstream\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'removed'>[] = [];
    for (const { problem } of ctx.specProblems) {
      if (classifySpecProblem(problem, ctx.corednsVersion) !== 'removed') continue;
      const replacement = replacementText(problem.replacedBy);
      reports.push({
        messageId: 'removed',
        data: {
          problem: problem.message.replace(/\.$/, ''),
          when: problem.removedIn && !problem.message.includes(problem.removedIn) ? ` (removed in CoreDNS ${problem.removedIn})` : '',
          version: ctx.corednsVersion,
        },
        token: problem.token,
        ...(problem.hint ? { hint: problem.hint } : replacement ? { hint: `Use ${replacement} instead.` } : {}),
      });
    }
    return reports;
  },
});
