import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'corefile-lint-error',
    severity: 'error',
    message: 'The Corefile ({{source}}) has {{count}} error(s), first at line {{line}}: {{first}}',
    hint: 'Run `kubectl dns lint-corefile` for all of them; CoreDNS refuses to (re)load a Corefile with errors, so it keeps running the old one or crash-loops.',
    docs: {
      summary: 'A Corefile error on the query\'s path means CoreDNS is not running the configuration you read.',
      example: 'An edit added `forward . 10.0.0.2 10.0.0.3 {` with a typo in `policy`; `reload` rejected it and the new stub domain never took effect.',
    },
  },
  check(f) {
    const errors = f.lint.filter((l) => l.severity === 'error');
    if (errors.length === 0) return [];
    const first = errors[0]!;
    return [{ data: { source: f.coredns?.source ?? 'Corefile', count: errors.length, line: first.line, first: `${first.message} [${first.rule}]` } }];
  },
});
