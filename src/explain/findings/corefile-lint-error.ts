import type { FindingModule } from '../finding.ts';
import { defineFinding } from '../finding.ts';
import clusterDomainMismatch from './cluster-domain-mismatch.ts';
import hostsPluginServfail from './hosts-plugin-servfail.ts';

/**
 * Lint rules with an explain finding of their own for the same fault, said in terms of the
 * query: when that finding fires, the lint error is not reported a second time here.
 */
const SAID_BY: Record<string, FindingModule> = {
  'hosts-without-fallthrough': hostsPluginServfail,
  'kubernetes-zone-mismatch': clusterDomainMismatch,
};

export default defineFinding({
  meta: {
    id: 'corefile-lint-error',
    severity: 'error',
    message: 'The Corefile ({{source}}) has {{count}} error(s), first at line {{line}}: {{first}}',
    hint: 'Run `kubectl dns lint-corefile` for all of them; CoreDNS refuses to (re)load a Corefile with errors, so it keeps running the old one or crash-loops.',
    docs: {
      summary: 'A Corefile error on the query\'s path means CoreDNS is not running the configuration you read. Errors another finding already explains for this query (hosts-plugin-servfail, cluster-domain-mismatch) are not counted again.',
      example: 'An edit added `forward . 10.0.0.2 10.0.0.3 {` with a typo in `policy`; `reload` rejected it and the new stub domain never took effect.',
    },
  },
  check(f) {
    const said = new Map<string, boolean>();
    const saidElsewhere = (rule: string): boolean => {
      const m = SAID_BY[rule];
      if (!m) return false;
      if (!said.has(rule)) said.set(rule, m.check(f).length > 0);
      return said.get(rule)!;
    };
    const errors = f.lint.filter((l) => l.severity === 'error' && !saidElsewhere(l.rule));
    if (errors.length === 0) return [];
    const first = errors[0]!;
    return [{ data: { source: f.coredns?.source ?? 'Corefile', count: errors.length, line: first.line, first: `${first.message} [${first.rule}]` } }];
  },
});
