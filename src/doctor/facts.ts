/**
 * What every doctor check reads: the inputs (the cluster view, and what the live run could read
 * besides: CoreDNS logs) and the facts derived from them once (the CoreDNS workload, its pods,
 * the kube-dns Service, the parsed Corefile and its lint findings). Pure.
 */
import type { ClusterView, PodView, ServiceView } from '../model/view.ts';
import { podReady } from '../model/view.ts';
import { findCoreDnsConfig, findDnsPods, findDnsService, type CoreDnsConfig } from '../model/coredns-config.ts';
import type { Corefile } from '../corefile/ast.ts';
import { parseCorefile } from '../corefile/parser.ts';
import { memoryImportReader } from '../corefile/imports.ts';
import { lintCorefile } from '../lint/linter.ts';
import type { LintFinding } from '../shared/finding.ts';
import { toFqdn } from '../shared/fqdn.ts';
import type { ProbeAnalysis } from './probe.ts';

export interface DoctorInputs {
  view: ClusterView;
  /** True when the view was read from an API server (false: a snapshot file). */
  live: boolean;
  /** Recent CoreDNS log text per pod (`NS/POD`); absent when not read (see logsUnread). */
  logs?: Record<string, string>;
  /** Why the logs were not read (offline, RBAC), one phrase. */
  logsUnread?: string;
  /** Why some or all kubelet settings are missing (offline snapshot without them, RBAC). */
  kubeletUnread?: string;
  /** RBAC refused the logs / the kubelets' /configz (else the reason was reachability). */
  logsRefused?: boolean;
  kubeletRefused?: boolean;
  /** How many recent log lines per pod were asked for (for the evidence). */
  logTailLines?: number;
  /** `--probe-from`: the pod (NS/POD) and what the probe measured, or why it could not run. */
  probe?: { pod: string; analysis?: ProbeAnalysis; problem?: string };
  /** Live: queries for an external name through a port-forward to CoreDNS, or why none were sent. */
  upstream?: UpstreamProbe;
}

export interface UpstreamProbe {
  name: string;
  /** The path used (`port-forward to kube-system/coredns-x:53 (TCP)`). */
  via?: string;
  /** In the order sent: the first goes to the upstream, the rest come from CoreDNS's cache. */
  results?: { status: string; ms: number; answers?: string }[];
  problem?: string;
}

export interface DnsWorkload {
  kind: 'Deployment' | 'DaemonSet';
  namespace: string;
  name: string;
  desired: number;
  ready: number;
}

export interface DoctorFacts extends DoctorInputs {
  config?: CoreDnsConfig;
  /** Why no Corefile was found (one line), when config is absent. */
  configProblem?: string;
  workload?: DnsWorkload;
  dnsPods: PodView[];
  readyDnsPods: PodView[];
  service?: ServiceView;
  corefile?: Corefile;
  /** The Corefile's lint findings under the CoreDNS image version (empty without a Corefile). */
  lint: LintFinding[];
  /** The kubelets' cluster domain when they agree, else the kubernetes plugin's first zone. */
  clusterDomain?: string;
}

export function gatherFacts(inputs: DoctorInputs): DoctorFacts {
  const { view } = inputs;
  const cfg = findCoreDnsConfig(view);
  const config = cfg.ok ? cfg.value : undefined;
  const dnsPods = findDnsPods(view, config);
  const facts: DoctorFacts = {
    ...inputs,
    dnsPods,
    readyDnsPods: dnsPods.filter(podReady),
    lint: [],
  };
  if (!cfg.ok) facts.configProblem = cfg.error;
  const service = config?.service ?? findDnsService(view);
  if (service) facts.service = service;
  if (config) {
    facts.config = config;
    if (config.deployment) {
      const d = config.deployment;
      facts.workload = { kind: 'Deployment', namespace: d.namespace, name: d.name, desired: d.replicas, ready: d.readyReplicas };
    } else if (config.daemonSet) {
      const d = config.daemonSet;
      facts.workload = { kind: 'DaemonSet', namespace: d.namespace, name: d.name, desired: d.desired, ready: d.ready };
    }
    const corefile = parseCorefile(config.corefile, { source: config.source, baseDir: '/etc/coredns', reader: memoryImportReader(config.importFiles) });
    facts.corefile = corefile;
    if (config.clusterDomain) facts.clusterDomain = config.clusterDomain.replace(/\.$/, '');
    facts.lint = lintCorefile(corefile, {
      ...(config.version ? { corednsVersion: config.version } : {}),
      ...(config.clusterDomain ? { clusterDomain: toFqdn(config.clusterDomain) } : {}),
      ...(config.deployment ? { deployment: config.deployment } : {}),
    });
  }
  return facts;
}

export function podKey(p: { namespace: string; name: string }): string {
  return `${p.namespace}/${p.name}`;
}
