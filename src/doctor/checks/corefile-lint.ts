import { defineCheck, plural } from '../check.ts';
import { isVersionFinding, where } from './coredns-version.ts';

/** At most this many findings are listed as evidence; the rest are counted. */
const MAX_LISTED = 8;

export default defineCheck({
  meta: {
    id: 'corefile-lint',
    title: 'The Corefile has no lint errors or warnings',
    hint: 'See every finding with its fix: `kubectl dns lint-corefile` (each rule has a docs page).',
    docs: {
      summary:
        'Runs the linter (`kubectl dns lint-corefile`) over the cluster\'s Corefile and the files it imports, for the CoreDNS version of the image; version findings are reported by coredns-version, the rest here. Errors are configurations CoreDNS rejects or that break resolution; warnings are ones that cost availability or performance.',
      example: 'The `.:53` block lost its `ready` plugin in an edit: the readiness probe on :8181 fails and the pods never become ready.',
      sources: ['docs/rules/README.md (the linter\'s rules, each with its sources)'],
    },
  },
  check(f) {
    if (!f.config) return { status: 'skip', evidence: [f.configProblem ?? 'no Corefile found'] };
    const findings = f.lint.filter((x) => !isVersionFinding(x));
    const errors = findings.filter((x) => x.severity === 'error');
    const warnings = findings.filter((x) => x.severity === 'warning');
    const infos = findings.length - errors.length - warnings.length;
    const evidence = [`${f.config.source}: ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}, ${plural(infos, 'note')}`];
    const listed = [...errors, ...warnings];
    for (const x of listed.slice(0, MAX_LISTED)) evidence.push(`${x.severity}: ${where(x)}: ${x.message} [${x.rule}]`);
    if (listed.length > MAX_LISTED) evidence.push(`... and ${listed.length - MAX_LISTED} more`);
    return { status: errors.length ? 'fail' : warnings.length ? 'warn' : 'ok', evidence };
  },
});
