/**
 * The doctor checks, as a registry table in report order: the workload first (is CoreDNS up,
 * stable, sized and protected), then its configuration, then the path to it (Service, kubelets,
 * NodeLocal DNSCache, NetworkPolicy), then what its logs say, then (--probe-from) what a pod measures.
 */
import type { DoctorCheck } from '../check.ts';
import corednsReplicas from './coredns-replicas.ts';
import corednsRestarts from './coredns-restarts.ts';
import corednsResources from './coredns-resources.ts';
import corednsSpread from './coredns-spread.ts';
import corednsPdb from './coredns-pdb.ts';
import corednsAutoscaler from './coredns-autoscaler.ts';
import corednsVersion from './coredns-version.ts';
import corefileLint from './corefile-lint.ts';
import kubeDnsService from './kube-dns-service.ts';
import kubeletClusterDns from './kubelet-cluster-dns.ts';
import nodelocalDnscache from './nodelocal-dnscache.ts';
import networkPolicyDns from './network-policy-dns.ts';
import corednsLogs from './coredns-logs.ts';
import corednsReload from './coredns-reload.ts';
import podDnsProbe from './pod-dns-probe.ts';
import upstreamProbe from './upstream-probe.ts';

export const CHECKS: readonly DoctorCheck[] = [
  corednsReplicas,
  corednsRestarts,
  corednsResources,
  corednsSpread,
  corednsPdb,
  corednsAutoscaler,
  corednsVersion,
  corefileLint,
  kubeDnsService,
  kubeletClusterDns,
  nodelocalDnscache,
  networkPolicyDns,
  corednsLogs,
  corednsReload,
  upstreamProbe,
  podDnsProbe,
];
