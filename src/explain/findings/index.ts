/**
 * The explain findings, as a registry table (id → module). Order is the order of the report:
 * root causes first (the pod, the DNS service, the policy), then the name, then costs and notes.
 */
import type { FindingModule } from '../finding.ts';
import podNotFound from './pod-not-found.ts';
import podNotRunning from './pod-not-running.ts';
import resolvConfWithoutNameserver from './resolv-conf-without-nameserver.ts';
import corednsScaledToZero from './coredns-scaled-to-zero.ts';
import corednsNotReady from './coredns-not-ready.ts';
import kubeDnsServiceMissing from './kube-dns-service-missing.ts';
import kubeDnsNoEndpoints from './kube-dns-no-endpoints.ts';
import corednsLoopDetected from './coredns-loop-detected.ts';
import clusterDnsIpMismatch from './cluster-dns-ip-mismatch.ts';
import clusterDomainMismatch from './cluster-domain-mismatch.ts';
import nameserverUnowned from './nameserver-unowned.ts';
import clusterDnsChanged from './cluster-dns-changed.ts';
import dnsPolicyDefault from './dns-policy-default.ts';
import dnsPolicyNone from './dns-policy-none-without-cluster-dns.ts';
import hostNetworkDnsPolicy from './host-network-dns-policy.ts';
import networkPolicyBlocksDns from './network-policy-blocks-dns.ts';
import dnsUnreachable from './dns-unreachable.ts';
import corefileLintError from './corefile-lint-error.ts';
import hostsPluginServfail from './hosts-plugin-servfail.ts';
import hostAliasShadowsService from './host-alias-shadows-service.ts';
import nameInOtherNamespace from './name-in-other-namespace.ts';
import nameNotFound from './name-not-found.ts';
import trailingDotNotFqdn from './trailing-dot-not-fqdn.ts';
import ipLiteral from './ip-literal.ts';
import searchListMissingClusterDomains from './search-list-missing-cluster-domains.ts';
import podRecordsDisabled from './pod-records-disabled.ts';
import podIpNameUnverified from './pod-ip-name-unverified.ts';
import headlessNoReadyEndpoints from './headless-no-ready-endpoints.ts';
import statefulsetSubdomainMismatch from './statefulset-subdomain-mismatch.ts';
import statefulsetPodNotReady from './statefulset-pod-not-ready.ts';
import publicTldName from './public-tld-name.ts';
import externalNameUnresolvable from './external-name-unresolvable.ts';
import upstreamForwardFailure from './upstream-forward-failure.ts';
import predictionMismatch from './prediction-mismatch.ts';
import upstreamWildcardHijack from './upstream-wildcard-hijack.ts';
import muslSearchAbort from './musl-search-abort.ts';
import serviceWithoutEndpoints from './service-without-endpoints.ts';
import searchListOverLimit from './search-list-over-limit.ts';
import ndotsCost from './ndots-cost.ts';
import nodelocalDnsInPath from './nodelocal-dns-in-path.ts';
import filesComputed from './files-computed.ts';

export const FINDINGS: readonly FindingModule[] = [
  podNotFound,
  podNotRunning,
  // The pod asks 127.0.0.1, not the cluster DNS: nothing about CoreDNS matters then.
  resolvConfWithoutNameserver,
  corednsScaledToZero,
  // A forwarding loop is why the pods crash-loop: before coredns-not-ready, which reports the state.
  corednsLoopDetected,
  corednsNotReady,
  kubeDnsServiceMissing,
  kubeDnsNoEndpoints,
  clusterDnsIpMismatch,
  nameserverUnowned,
  clusterDnsChanged,
  clusterDomainMismatch,
  dnsPolicyDefault,
  dnsPolicyNone,
  hostNetworkDnsPolicy,
  networkPolicyBlocksDns,
  dnsUnreachable,
  corefileLintError,
  hostsPluginServfail,
  hostAliasShadowsService,
  ipLiteral,
  trailingDotNotFqdn,
  searchListMissingClusterDomains,
  nameInOtherNamespace,
  nameNotFound,
  podRecordsDisabled,
  podIpNameUnverified,
  headlessNoReadyEndpoints,
  statefulsetSubdomainMismatch,
  statefulsetPodNotReady,
  externalNameUnresolvable,
  upstreamForwardFailure,
  upstreamWildcardHijack,
  predictionMismatch,
  muslSearchAbort,
  serviceWithoutEndpoints,
  searchListOverLimit,
  ndotsCost,
  publicTldName,
  nodelocalDnsInPath,
  filesComputed,
];

export function findingById(id: string): FindingModule | undefined {
  return FINDINGS.find((f) => f.meta.id === id);
}
