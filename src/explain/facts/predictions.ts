/**
 * Step 6: the candidate names the stub resolver builds from the name and resolv.conf, and for
 * each what its first nameserver answers — predicted from the cluster objects through the
 * Corefile, or fixed by the path (no nameserver, not the cluster DNS, CoreDNS down, a
 * NetworkPolicy dropping UDP) — beside what a real query returned, when one was sent. Pure.
 */
import type { ClusterView, PodView } from '../../model/view.ts';
import type { KubernetesPluginOptions } from '../../corefile/kubernetes-options.ts';
import type { Corefile } from '../../corefile/ast.ts';
import { predictQuery, type Prediction } from '../../coredns/predict.ts';
import { lookupKubernetes } from '../../records/lookup.ts';
import { candidateNames, type Candidate } from '../../resolver/search.ts';
import type { ResolvConf } from '../../resolver/resolv-conf.ts';
import { combineAddressQueries, type LibcFlavour, type ResolverOutcome } from '../../resolver/libc.ts';
import type { ObservedQuery } from '../inputs.ts';
import type { QueryStatus } from '../types.ts';
import { isSubdomain, toFqdn } from '../../shared/fqdn.ts';
import type { NameserverFacts, NodeLocalForward } from './nameservers.ts';
import { RESERVED_TLDS, isLikelyPublicTld, type ExplainName } from './name.ts';

/**
 * What a prediction rests on when the objects cannot show it: the answer an upstream most
 * likely gives, said as such (CONTRACT: `verdict.assumptions[]`).
 */
export interface Assumption {
  /** The name the assumption is about: the candidate, or the CNAME target CoreDNS resolves upstream. */
  fqdn: string;
  type: string;
  status: QueryStatus;
  /** The assumed answer carries the type's records. */
  hasData: boolean;
  why: string;
  ifWrong: string;
}

/** One query of a candidate name (A or AAAA of getaddrinfo's pair, or the --type asked). */
export interface TypedQueryFacts {
  type: string;
  prediction: Prediction;
  /** The prediction's status; null = unknown (see assumption). */
  predicted: QueryStatus | null;
  /** The prediction carries records of the type asked (a CNAME alone does not). */
  predictedData: boolean;
  observed?: ObservedQuery;
  /** Set when the prediction (or its address part, for a CNAME to an outside name) is assumed. */
  assumption?: Assumption;
}

export interface CandidateFacts {
  candidate: Candidate;
  /** The queries for this name, in the order sent. */
  types: TypedQueryFacts[];
  /** The first type's prediction, with the answers of every type. */
  prediction: Prediction;
  /** The certain predictions folded as the libc folds the pair; null = unknown. */
  predicted: QueryStatus | null;
  /** The observations folded the same way, when every query of the name was sent. */
  observed?: ObservedQuery;
  /** What the walk uses: observed, else predicted, else assumed (null = unknown). */
  outcome: ResolverOutcome | null;
  /** The outcome carries an address (or the asked type's record). */
  hasData: boolean;
  /** The outcome rests on an assumption. */
  assumed: boolean;
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
  /** The types asked per name, in order: getaddrinfo's A and AAAA, or one type. */
  qtypes: readonly string[];
  observed: readonly ObservedQuery[];
  /** The name looks like a cluster name (web, web.shop, db-0.db.shop.svc). */
  clusterName: boolean;
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
  const unowned = c.nameservers.unowned;
  if (path === 'other' && unowned) {
    const why = unowned.reason === 'nodelocal-missing' ? 'NodeLocal DNSCache\'s address, but no node-local-dns runs' : 'no Service, endpoint, pod or node has it, so no kube-proxy rule sends it anywhere';
    return { status: 'TIMEOUT', answers: [], trace: [`${unowned.ip}: ${why}; nothing answers and the query times out`] };
  }
  if (path === 'other') return { status: null, answers: [], trace: [`${c.resolv.nameservers[0]} is not the cluster DNS; its answers cannot be predicted`] };
  if (!viaCoreDns) return nodeLocalUpstreamPrediction(c.nameservers.nodelocalForward);
  if (c.dnsDown && path === 'nodelocal') return { status: 'SERVFAIL', answers: [], trace: ['NodeLocal DNSCache forwards this zone to CoreDNS, which has no ready endpoint: SERVFAIL (unless the name is still in its cache)'] };
  if (c.dnsDown && path === 'kube-dns') return { status: 'TIMEOUT', answers: [], trace: ['the kube-dns Service has no ready endpoint: queries get no answer'] };
  if (c.udpBlocked) return { status: 'TIMEOUT', answers: [], trace: ['a NetworkPolicy drops the UDP query'] };
  return undefined;
}

/** The most likely answer of an upstream the objects cannot show, or undefined when none is likely. */
function assumeUpstream(name: ExplainName, candidate: Candidate, type: string, clusterName: boolean): Assumption | undefined {
  const fqdn = candidate.fqdn as string;
  const address = type === 'A' || type === 'AAAA';
  if (candidate.kind === 'search') {
    const trap = name.labels.length === 1
      ? `if ${candidate.domain}'s DNS has a host ${fqdn}, the resolver takes that answer and stops here`
      : `if the upstream answers it (a wildcard record for *.${candidate.domain}), the resolver takes that answer and stops here — a known trap; send the real queries to check`;
    return { fqdn, type, status: 'NXDOMAIN', hasData: false, why: `a search-list name under ${candidate.domain}, a domain outside the cluster`, ifWrong: trap };
  }
  const tld = name.labels.at(-1) ?? '';
  if (name.labels.length === 1) {
    return { fqdn, type, status: 'NXDOMAIN', hasData: false, why: 'a single label asked as is is a top-level name, and no public one answers addresses', ifWrong: "the upstream's answer is used" };
  }
  if (RESERVED_TLDS.has(tld)) {
    return { fqdn, type, status: 'NXDOMAIN', hasData: false, why: `.${tld} is reserved and never delegated in the public DNS`, ifWrong: `an upstream that serves .${tld} itself (a corporate resolver) answers instead` };
  }
  if (clusterName) {
    return { fqdn, type, status: 'NXDOMAIN', hasData: false, why: 'a cluster name asked as is goes to the upstream, which has no such public name', ifWrong: `a public domain of that name answers instead (.${tld} may be a real top-level domain)` };
  }
  if (!isLikelyPublicTld(tld)) {
    return { fqdn, type, status: 'NXDOMAIN', hasData: false, why: `.${tld} is not a top-level domain of the public DNS`, ifWrong: `an upstream that serves .${tld} itself (a corporate resolver) answers instead` };
  }
  if (!address) return undefined;
  if (type === 'AAAA') {
    return { fqdn, type, status: 'NODATA', hasData: false, why: 'a public name; whether it has IPv6 addresses is up to its owner', ifWrong: 'it has IPv6 addresses too; the walk ends here either way' };
  }
  return { fqdn, type, status: 'NOERROR', hasData: true, why: 'a name outside the cluster, which the upstream resolves', ifWrong: 'the upstream says NXDOMAIN or fails: the name does not resolve' };
}

/**
 * The address part of a CNAME to a name outside the cluster (an ExternalName): CoreDNS's upstream
 * decides it, as it decides a public name asked directly — an IPv4 address assumed, no IPv6 one
 * (the same assumption as assumeUpstream's). The real CoreDNS answers the AAAA of such a name with
 * the CNAME alone when the target has no AAAA: NOERROR without data, NODATA to the stub resolver
 * (test/oracle/explain-vs-coredns.test.ts, payments.shop).
 */
function assumeCnameTarget(prediction: Prediction, type: string): Assumption | undefined {
  const target = prediction.cnameTarget;
  if (!target || prediction.answers.some((a) => a.type === type)) return undefined;
  const why = 'the CNAME target is resolved by CoreDNS through its upstream';
  if (type === 'AAAA') {
    return { fqdn: target, type, status: 'NODATA', hasData: false, why: `${why}; whether it has IPv6 addresses is up to its owner`, ifWrong: 'it has IPv6 addresses too; the walk stops at this name either way' };
  }
  return {
    fqdn: target,
    type,
    status: 'NOERROR',
    hasData: true,
    why,
    ifWrong: 'CoreDNS answers the CNAME alone: the walk still stops at this name, which then has no address',
  };
}

/** True when the prediction is the upstream's to make (CoreDNS's or node-local-dns's forward). */
function goesUpstream(p: Prediction): boolean {
  return p.status === null && p.plugin === 'forward';
}

function predictType(name: ExplainName, candidate: Candidate, type: string, c: PredictionContext, predictCtx: Parameters<typeof predictQuery>[0], observedBy: Map<string, ObservedQuery>): TypedQueryFacts {
  const prediction = pathPrediction(c, candidate.fqdn) ?? predictQuery(predictCtx, candidate.fqdn, type);
  const predictedData = prediction.answers.some((a) => a.type === type);
  const assumption = goesUpstream(prediction) ? assumeUpstream(name, candidate, type, c.clusterName) : prediction.status === 'NOERROR' ? assumeCnameTarget(prediction, type) : undefined;
  const observed = observedBy.get(`${candidate.fqdn} ${type}`);
  // A CNAME whose target is assumed to have none of this type: NOERROR with the CNAME alone, which
  // the stub resolver (and our classifier of answers) calls NODATA.
  const predicted = assumption && prediction.status === 'NOERROR' && !assumption.hasData ? 'NODATA' : prediction.status;
  return { type, prediction, predicted, predictedData, ...(observed ? { observed } : {}), ...(assumption ? { assumption } : {}) };
}

/** Observed answers carry `dig +short` text: a CNAME target ends with a dot, an address does not. */
function observedHasData(o: ObservedQuery): boolean {
  return o.status === 'NOERROR' && o.answers.some((a) => !a.endsWith('.'));
}

function foldCandidate(candidate: Candidate, types: TypedQueryFacts[], flavour: LibcFlavour): CandidateFacts {
  const fold = (pick: (t: TypedQueryFacts) => { status: ResolverOutcome | null; hasData: boolean }) => combineAddressQueries(flavour, types.map(pick));
  const certain = fold((t) => ({ status: t.predicted, hasData: t.predictedData }));
  const effective = fold((t) =>
    t.observed
      ? { status: t.observed.status, hasData: observedHasData(t.observed) }
      : t.assumption && (t.predicted === null || !t.predictedData)
        ? { status: t.assumption.status, hasData: t.assumption.hasData }
        : { status: t.predicted, hasData: t.predictedData },
  );
  const lead = types[0]!;
  const prediction: Prediction = { ...lead.prediction, answers: types.flatMap((t) => t.prediction.answers.filter((a) => t === lead || a.type === t.type)) };
  const allObserved = types.every((t) => t.observed);
  const observed: ObservedQuery | undefined = allObserved
    ? { fqdn: candidate.fqdn, type: lead.type, status: fold((t) => ({ status: t.observed!.status, hasData: observedHasData(t.observed!) })).outcome as QueryStatus, answers: [...new Set(types.flatMap((t) => t.observed!.answers))] }
    : undefined;
  const assumed = !allObserved && types.some((t) => !t.observed && t.assumption !== undefined) && (certain.outcome === null || !certain.hasData);
  return {
    candidate,
    types,
    prediction,
    predicted: certain.outcome as QueryStatus | null,
    ...(observed ? { observed } : {}),
    outcome: effective.outcome,
    hasData: effective.hasData,
    assumed,
  };
}

export function predictCandidates(name: ExplainName, c: PredictionContext): CandidateFacts[] {
  const predictCtx = {
    corefile: c.corefile,
    kubernetes: (q: string, t: string, o: KubernetesPluginOptions) => lookupKubernetes(c.view, o, q, t),
    files: c.importFiles,
    ...(c.corednsVersion ? { corednsVersion: c.corednsVersion } : {}),
  };
  const observedBy = new Map(c.observed.map((o) => [`${toFqdn(o.fqdn)} ${o.type}`, o]));
  // glibc getaddrinfo (gaih_inet: inet_aton/inet_pton first) and musl (__lookup_name: name_from_numeric
  // before name_from_hosts and name_from_dns) return an address literal without any lookup.
  if (name.ip) return [];
  return candidateNames(name.text, c.resolv, c.flavour).map((candidate) =>
    foldCandidate(candidate, c.qtypes.map((type) => predictType(name, candidate, type, c, predictCtx, observedBy)), c.flavour),
  );
}
