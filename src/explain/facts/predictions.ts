/**
 * Step 6: the candidate names the stub resolver builds from the name and resolv.conf, and for
 * each what its first nameserver answers — predicted from the cluster objects through the
 * Corefile, or fixed by the path (no nameserver, not the cluster DNS, CoreDNS down, a
 * NetworkPolicy dropping UDP) — beside what a real query returned, when one was sent. Pure.
 */
import type { ClusterView, PodView } from '../../cluster/view.ts';
import type { KubernetesPluginOptions } from '../../corefile/kubernetes-options.ts';
import type { Corefile } from '../../corefile/ast.ts';
import { predictQuery, type Prediction } from '../../coredns/predict.ts';
import { lookupKubernetes } from '../../records/lookup.ts';
import { candidateNames, type Candidate } from '../../resolver/search.ts';
import type { ResolvConf } from '../../resolver/resolv-conf.ts';
import type { LibcFlavour } from '../../resolver/libc.ts';
import type { ObservedQuery } from '../inputs.ts';
import type { QueryStatus } from '../types.ts';
import { isSubdomain, toFqdn } from '../../shared/fqdn.ts';
import type { NameserverFacts, NodeLocalForward } from './nameservers.ts';

export interface CandidateFacts {
  candidate: Candidate;
  prediction: Prediction;
  /** Prediction folded into a resolver outcome; null = unknown. */
  predicted: QueryStatus | null;
  observed?: ObservedQuery;
}

export interface PredictionContext {
  view: ClusterView;
  pod?: PodView;
  flavour: LibcFlavour;
  resolv: ResolvConf;
  nameservers: NameserverFacts;
  clusterDomain: string;
  corefile: Corefile;
  importFiles: Record<string, string>;
  corednsVersion?: string;
  /** The kube-dns Service exists and has no ready endpoint. */
  dnsDown: boolean;
  /** A NetworkPolicy drops the pod's UDP queries to CoreDNS. */
  udpBlocked: boolean;
  qtype: 'A' | 'AAAA';
  observed: readonly ObservedQuery[];
}

/** A name outside the cluster zone asked of NodeLocal DNSCache: it never reaches CoreDNS. */
function nodeLocalUpstreamPrediction(fwd: NodeLocalForward | undefined): Prediction {
  const pillar = fwd === undefined || fwd.targets.length === 0 || fwd.targets.includes('__PILLAR__UPSTREAM__SERVERS__') || fwd.targets.includes('/etc/resolv.conf');
  const where = pillar ? "the nameservers of the node's /etc/resolv.conf" : fwd!.targets.join(' ');
  const source = fwd ? `its ConfigMap ${fwd.configMap}: forward . ${fwd.targets.join(' ') || '(none)'}` : 'as the upstream manifest does (forward . __PILLAR__UPSTREAM__SERVERS__)';
  return {
    status: null,
    answers: [],
    server: 'node-local-dns .:53',
    plugin: 'forward',
    upstreams: pillar ? ["node's /etc/resolv.conf"] : fwd!.targets,
    trace: [`NodeLocal DNSCache sends names outside the cluster zone to ${where} (${source}), not through CoreDNS: their answer cannot be predicted`],
  };
}

/** The answer the path fixes before CoreDNS's configuration matters, if any. */
function pathPrediction(c: PredictionContext, fqdn: string): Prediction | undefined {
  const path = c.nameservers.path;
  // NodeLocal DNSCache (k8s-dns-node-cache) sends only the cluster domain and the reverse zones to CoreDNS.
  const viaCoreDns = path !== 'nodelocal' || isSubdomain(fqdn, `${c.clusterDomain}.`) || fqdn.endsWith('.arpa.');
  if (path === 'none') {
    // res_init.c (glibc) and resolvconf.c (musl): no nameserver line means 127.0.0.1.
    return c.pod?.hostNetwork
      ? { status: null, answers: [], trace: ["no nameserver line: the C library asks 127.0.0.1:53, the node's own loopback, whose answers cannot be predicted"] }
      : { status: 'TIMEOUT', answers: [], trace: [`no nameserver line: the C library asks 127.0.0.1:53 inside the pod, where nothing listens (${c.flavour === 'glibc' ? 'glibc gets "connection refused" and gives up' : 'musl waits for the timeout'})`] };
  }
  if (path === 'other') return { status: null, answers: [], trace: [`${c.resolv.nameservers[0]} is not the cluster DNS; its answers cannot be predicted`] };
  if (!viaCoreDns) return nodeLocalUpstreamPrediction(c.nameservers.nodelocalForward);
  if (c.dnsDown && path === 'nodelocal') return { status: 'SERVFAIL', answers: [], trace: ['NodeLocal DNSCache forwards this zone to CoreDNS, which has no ready endpoint: SERVFAIL (unless the name is still in its cache)'] };
  if (c.dnsDown && path === 'kube-dns') return { status: 'TIMEOUT', answers: [], trace: ['the kube-dns Service has no ready endpoint: queries get no answer'] };
  if (c.udpBlocked) return { status: 'TIMEOUT', answers: [], trace: ['a NetworkPolicy drops the UDP query'] };
  return undefined;
}

export function predictCandidates(name: string, c: PredictionContext): CandidateFacts[] {
  const predictCtx = {
    corefile: c.corefile,
    kubernetes: (q: string, t: string, o: KubernetesPluginOptions) => lookupKubernetes(c.view, o, q, t),
    files: c.importFiles,
    ...(c.corednsVersion ? { corednsVersion: c.corednsVersion } : {}),
  };
  const observedBy = new Map(c.observed.map((o) => [`${toFqdn(o.fqdn)} ${o.type}`, o]));
  return candidateNames(name, c.resolv, c.flavour).map((candidate) => {
    const prediction = pathPrediction(c, candidate.fqdn) ?? predictQuery(predictCtx, candidate.fqdn, c.qtype);
    const observed = observedBy.get(`${candidate.fqdn} ${c.qtype}`);
    return { candidate, prediction, predicted: prediction.status, ...(observed ? { observed } : {}) };
  });
}
