/**
 * Step 2: the cluster DNS as objects — the kube-dns Service, its endpoints (ready and not), the
 * CoreDNS Deployment and pods, and the CoreDNS configuration found for them. Pure.
 */
import type { ClusterView, DeploymentView, EndpointSliceView, PodView, ServiceView } from '../../model/view.ts';
import { findCoreDnsConfig, findDnsPods, findDnsService, type CoreDnsConfig } from '../../model/coredns-config.ts';
import { podReady } from '../../model/view.ts';
import { pushAll } from '../../shared/array.ts';

export interface DnsServiceFacts {
  dnsService?: ServiceView;
  dnsServiceIP?: string;
  dnsSlices: EndpointSliceView[];
  dnsReadyAddresses: string[];
  dnsNotReadyAddresses: string[];
  coredns?: CoreDnsConfig;
  corednsProblem?: string;
  deployment?: DeploymentView;
  dnsPods: PodView[];
  readyDnsPods: PodView[];
}

export function findClusterDns(view: ClusterView): DnsServiceFacts {
  const cd = findCoreDnsConfig(view);
  const coredns = cd.ok ? cd.value : undefined;
  const dnsService = coredns?.service ?? findDnsService(view);
  const dnsServiceIP = dnsService && !dnsService.headless ? dnsService.clusterIPs[0] : undefined;
  const dnsSlices = dnsService
    ? view.endpointSlices.filter((s) => s.namespace === dnsService.namespace && s.serviceName === dnsService.name)
    : [];
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const s of dnsSlices) for (const e of s.endpoints) pushAll(e.ready === false ? notReady : ready, e.addresses);
  const deployment = coredns?.deployment;
  const dnsPods = findDnsPods(view, coredns);
  return {
    ...(dnsService ? { dnsService } : {}),
    ...(dnsServiceIP ? { dnsServiceIP } : {}),
    dnsSlices,
    dnsReadyAddresses: ready,
    dnsNotReadyAddresses: notReady,
    ...(coredns ? { coredns } : { corednsProblem: cd.ok ? undefined : cd.error }),
    ...(deployment ? { deployment } : {}),
    dnsPods,
    readyDnsPods: dnsPods.filter(podReady),
  } as DnsServiceFacts;
}
