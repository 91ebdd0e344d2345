/**
 * CoreDNS release data: which releases exist, what each one added, removed or deprecated,
 * and which CoreDNS version kubeadm installs per Kubernetes minor.
 *
 * Sources: coredns/coredns notes/coredns-*.md (release notes), plugin.cfg and
 * core/dnsserver/zdirectives.go; kubernetes/kubernetes cmd/kubeadm/app/constants
 * (CoreDNSVersion). Plugin- and option-level versions live with each plugin spec
 * (src/corefile/plugins/*); this file keeps the release list and the change log that
 * points at them, so one table answers "what changed between A and B".
 */

/** Newest CoreDNS release known to this table (the newest the test suite runs for real). */
export const NEWEST_COREDNS = '1.15.0';

/**
 * Known releases, oldest first. Patch releases before 1.6 are left out: kubeadm never
 * shipped them to a cluster that is still supported.
 */
export const COREDNS_RELEASES: readonly string[] = [
  '1.6.0', '1.6.1', '1.6.2', '1.6.3', '1.6.4', '1.6.5', '1.6.6', '1.6.7', '1.6.8', '1.6.9',
  '1.7.0', '1.7.1',
  '1.8.0', '1.8.1', '1.8.2', '1.8.3', '1.8.4', '1.8.5', '1.8.6', '1.8.7',
  '1.9.0', '1.9.1', '1.9.2', '1.9.3', '1.9.4',
  '1.10.0', '1.10.1',
  '1.11.0', '1.11.1', '1.11.2', '1.11.3', '1.11.4',
  '1.12.0', '1.12.1', '1.12.2', '1.12.3', '1.12.4',
  '1.13.0', '1.13.1', '1.13.2',
  '1.14.0', '1.14.1', '1.14.2', '1.14.3',
  '1.15.0',
];

export type ChangeKind = 'plugin-added' | 'plugin-removed' | 'plugin-deprecated' | 'option-added' | 'option-removed' | 'option-deprecated' | 'behaviour';

/** One entry of the change log: what changed in which release. */
export interface CorednsChange {
  version: string;
  kind: ChangeKind;
  plugin: string;
  /** The option (property) concerned, for option-* kinds. */
  option?: string;
  /** What to use instead, when something was removed or deprecated. */
  replacedBy?: string;
  /** One sentence. */
  note: string;
  /** Pull request or release-notes reference. */
  ref?: string;
}

/**
 * Changes that matter to a Kubernetes Corefile. Versions come from the release notes;
 * an entry is listed only when its release is known.
 */
export const COREDNS_CHANGES: readonly CorednsChange[] = [
  { version: '1.4.0', kind: 'plugin-deprecated', plugin: 'proxy', replacedBy: 'forward', note: 'The proxy plugin is deprecated in favour of forward.' },
  { version: '1.5.0', kind: 'plugin-removed', plugin: 'proxy', replacedBy: 'forward', note: 'The proxy plugin was removed from the default build; use forward.' },
  { version: '1.5.0', kind: 'option-deprecated', plugin: 'kubernetes', option: 'upstream', note: 'upstream is ignored: ExternalName targets are always resolved through CoreDNS itself.' },
  { version: '1.5.0', kind: 'option-deprecated', plugin: 'file', option: 'upstream', note: 'upstream is ignored: CNAME targets out of zone are always resolved through CoreDNS itself.' },
  { version: '1.5.0', kind: 'plugin-added', plugin: 'ready', note: 'The ready plugin reports readiness on :8181/ready.' },
  { version: '1.6.0', kind: 'option-removed', plugin: 'kubernetes', option: 'resyncperiod', note: 'resyncperiod was removed from the kubernetes plugin.', ref: 'https://github.com/coredns/coredns/pull/2923' },
  { version: '1.6.0', kind: 'plugin-deprecated', plugin: 'federation', note: 'The federation plugin is announced to move out of the default build in 1.7.0.' },
  { version: '1.7.0', kind: 'plugin-removed', plugin: 'federation', note: 'The federation plugin (Kubernetes federation v1) was removed.', ref: 'https://github.com/coredns/coredns/pull/3794' },
  { version: '1.7.0', kind: 'option-removed', plugin: 'kubernetes', option: 'upstream', note: 'The already deprecated upstream option was removed.', ref: 'https://github.com/coredns/coredns/pull/3737' },
  { version: '1.7.0', kind: 'option-removed', plugin: 'kubernetes', option: 'resyncperiod', note: 'The already deprecated resyncperiod option was removed.', ref: 'https://github.com/coredns/coredns/pull/3737' },
  { version: '1.7.0', kind: 'plugin-added', plugin: 'dns64', note: 'dns64 was promoted from an external plugin into the default build.' },
  { version: '1.8.0', kind: 'option-removed', plugin: 'kubernetes', option: 'transfer', replacedBy: 'transfer', note: 'Outgoing zone transfers moved to the transfer plugin.' },
  { version: '1.8.0', kind: 'option-removed', plugin: 'file', option: 'transfer', replacedBy: 'transfer', note: 'Outgoing zone transfers moved to the transfer plugin.' },
  { version: '1.8.0', kind: 'option-removed', plugin: 'secondary', option: 'transfer to', replacedBy: 'transfer', note: 'Outgoing zone transfers moved to the transfer plugin.' },
  { version: '1.11.0', kind: 'option-added', plugin: 'k8s_external', option: 'fallthrough', note: 'k8s_external supports fallthrough.', ref: 'https://github.com/coredns/coredns/pull/5959' },
  { version: '1.11.0', kind: 'option-added', plugin: 'rewrite', option: 'cname', note: 'rewrite can rewrite CNAME targets.', ref: 'https://github.com/coredns/coredns/pull/6004' },
  { version: '1.11.0', kind: 'behaviour', plugin: 'bufsize', note: 'bufsize defaults to 1232.', ref: 'https://github.com/coredns/coredns/pull/6183' },
  { version: '1.12.0', kind: 'option-added', plugin: 'forward', option: 'failfast_all_unhealthy_upstreams', note: 'forward can answer SERVFAIL at once when every upstream is down.', ref: 'https://github.com/coredns/coredns/pull/6999' },
  { version: '1.14.0', kind: 'option-added', plugin: 'kubernetes', option: 'apiserver_qps', note: 'The kubernetes plugin can limit its API request rate (apiserver_qps, apiserver_burst, apiserver_max_inflight).' },
  { version: '1.14.2', kind: 'plugin-added', plugin: 'proxyproto', note: 'The proxyproto plugin accepts the PROXY protocol.', ref: 'https://github.com/coredns/coredns/pull/7738' },
  { version: '1.15.0', kind: 'plugin-added', plugin: 'shed', note: 'The shed plugin sheds load.' },
  { version: '1.15.0', kind: 'plugin-added', plugin: 'siit', note: 'The siit plugin translates between IPv4 and IPv6 (stateless IP/ICMP translation).' },
  { version: '1.15.0', kind: 'plugin-added', plugin: 'dynupdate', note: 'The dynupdate plugin accepts dynamic updates (RFC 2136).' },
  { version: '1.15.0', kind: 'behaviour', plugin: 'cache', note: 'The chain order changed: autopath before acl, cache after acl, tls after dnssec (plugin.cfg).' },
  { version: '1.14.2', kind: 'behaviour', plugin: 'rewrite', note: 'rewrite now runs before acl in the plugin chain.', ref: 'https://github.com/coredns/coredns/pull/7882' },
];

/** The CoreDNS image tag kubeadm installs, per Kubernetes minor (cmd/kubeadm/app/constants CoreDNSVersion). */
export const KUBEADM_COREDNS: Readonly<Record<string, string>> = {
  '1.11': '1.1.3',
  '1.12': '1.2.2',
  '1.13': '1.2.6',
  '1.14': '1.3.1',
  '1.15': '1.3.1',
  '1.16': '1.6.2',
  '1.17': '1.6.5',
  '1.18': '1.6.7',
  '1.19': '1.7.0',
  '1.20': '1.7.0',
  '1.21': '1.8.0',
  '1.22': '1.8.4',
  '1.23': '1.8.6',
  '1.24': '1.8.6',
  '1.25': '1.9.3',
  '1.26': '1.9.3',
  '1.27': '1.10.1',
  '1.28': '1.10.1',
  '1.29': '1.11.1',
  '1.30': '1.11.1',
  '1.31': '1.11.3',
  '1.32': '1.11.3',
  '1.33': '1.12.0',
  '1.34': '1.12.1',
  '1.35': '1.13.1',
};

/** Parses 'v1.12.1', '1.12', 'CoreDNS-1.12.1' or '1.12.1-eksbuild.1' into numbers; undefined when not a version. */
export function parseVersion(text: string): number[] | undefined {
  const m = /^(?:coredns-)?v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/i.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/**
 * Orders two versions: negative when a < b, 0 when equal, positive when a > b.
 * Unparseable versions sort before every real one (and equal to each other).
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return (va ? 1 : 0) - (vb ? 1 : 0);
  for (let i = 0; i < 3; i++) {
    const d = (va[i] ?? 0) - (vb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` is at least `since` (`since` undefined = always). */
export function isAtLeast(version: string, since: string | undefined): boolean {
  return since === undefined || compareVersions(version, since) >= 0;
}

/** The CoreDNS version kubeadm installs for a Kubernetes version like 'v1.31.4' or '1.31'; undefined when unknown. */
export function kubeadmCorednsVersion(kubernetesVersion: string): string | undefined {
  const v = parseVersion(kubernetesVersion);
  if (!v) return undefined;
  return KUBEADM_COREDNS[`${v[0]}.${v[1]}`];
}

/** Changes after `from` up to and including `to`, oldest first. */
export function changesBetween(from: string, to: string): CorednsChange[] {
  return COREDNS_CHANGES.filter((c) => compareVersions(c.version, from) > 0 && compareVersions(c.version, to) <= 0).sort((x, y) =>
    compareVersions(x.version, y.version),
  );
}
