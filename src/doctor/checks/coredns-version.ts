import { compareVersions, NEWEST_COREDNS } from '../../corefile/coredns-versions.ts';
import type { LintFinding } from '../../shared/finding.ts';
import { defineCheck } from '../check.ts';

/** The lint rules that compare the Corefile with what the running CoreDNS version supports. */
export const VERSION_RULES: readonly string[] = ['plugin-not-yet-available', 'plugin-removed', 'plugin-deprecated', 'option-removed', 'option-deprecated'];

/**
 * A finding about the running version: one of VERSION_RULES, or a plugin-args finding about an
 * option the target release does not have yet (its message names the target version).
 */
export function isVersionFinding(f: LintFinding): boolean {
  return VERSION_RULES.includes(f.rule) || (f.rule === 'plugin-args' && /\(target is \d+\.\d+\.\d+\)/.test(f.message));
}

export function where(f: LintFinding): string {
  return `${f.file ? `${f.file}:` : 'line '}${f.line}`;
}

export default defineCheck({
  meta: {
    id: 'coredns-version',
    title: 'The CoreDNS image supports every plugin and option the Corefile uses',
    hint: 'Either upgrade the CoreDNS image to a release that has the feature, or change the Corefile to what the running release supports (see the linter rule named in each line).',
    docs: {
      summary:
        'Reads the CoreDNS version from the workload\'s image tag and runs the linter\'s version rules (plugins and options added, deprecated or removed per release) against the Corefile for that version. A plugin the image does not have makes CoreDNS refuse the Corefile: the reload is rejected, or new pods crash-loop.',
      example: 'The Corefile of a newer cluster (with `forward ... { failfast_all_unhealthy_upstreams }`, added in 1.12.0) is applied to a cluster still running CoreDNS 1.11.3; the reload plugin logs the error and keeps the old configuration, and the next restarted pod crash-loops.',
      sources: [
        'https://github.com/coredns/coredns/tree/master/notes (release notes per version)',
        'kubernetes/kubernetes cmd/kubeadm/app/constants/constants.go (CoreDNSVersion per Kubernetes release)',
      ],
    },
  },
  check(f) {
    if (!f.config) return { status: 'skip', evidence: [f.configProblem ?? 'no Corefile found'] };
    const image = (f.config.deployment ?? f.config.daemonSet)?.containers.map((c) => c.image).find((i) => /coredns/i.test(i));
    if (!f.config.version) {
      return {
        status: 'skip',
        evidence: [image ? `image ${image}: the tag is not a version` : 'no CoreDNS image found in the workload'],
        hint: 'Use a versioned image tag (e.g. registry.k8s.io/coredns/coredns:v1.11.3) so the version can be checked.',
      };
    }
    const v = f.config.version;
    const evidence = [`image ${image ?? '?'}: CoreDNS ${v}`];
    if (compareVersions(v, NEWEST_COREDNS) > 0) evidence.push(`newer than the newest release this tool knows (${NEWEST_COREDNS}): features added after it are not checked`);
    if (compareVersions(v, '1.6.0') < 0) evidence.push(`older than 1.6.0: this tool's release data starts there`);
    const found = f.lint.filter(isVersionFinding);
    for (const x of found) evidence.push(`${x.severity}: ${where(x)}: ${x.message} [${x.rule}]`);
    if (found.some((x) => x.severity === 'error')) return { status: 'fail', evidence };
    if (found.some((x) => x.severity === 'warning')) return { status: 'warn', evidence };
    evidence.push('every plugin and option in the Corefile exists in this release');
    return { status: 'ok', evidence };
  },
});
