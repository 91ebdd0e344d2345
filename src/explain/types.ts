/**
 * The result of `kubectl dns explain` — the JSON shape of CONTRACT.md, plus added fields only.
 */
import type { ExplainFinding } from '../shared/finding.ts';

/** What a single query is predicted to return or did return. */
export type QueryStatus = 'NOERROR' | 'NODATA' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT';

export interface ExplainQuery {
  fqdn: string;
  /** A or AAAA (getaddrinfo asks both per name), or the --type asked. */
  type: string;
  /** null when the cluster objects cannot predict it (e.g. forwarded upstream); with `assumed`, the most likely answer. */
  predicted: QueryStatus | null;
  /** Added (CONTRACT): true when `predicted` is an assumption about an upstream's answer (see verdict.assumptions). */
  assumed?: true;
  /** null offline, or when the query could not be sent. */
  observed: QueryStatus | null;
  /** Observed answers when sent, else predicted answers (`dig +short` style). */
  answers: string[];
  /** Added: the answers predicted from the cluster objects. */
  predictedAnswers?: string[];
  /** Added: which server block and plugin the prediction went through, e.g. ".:53 kubernetes". */
  via?: string;
  /** Added: 'search' or 'absolute' — how the stub resolver built this candidate. */
  kind?: 'search' | 'absolute' | 'hosts';
}

export type StepStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface ExplainStep {
  title: string;
  status: StepStatus;
  detail: string;
}

export interface ExplainAnswer {
  /** Added value 'literal': the name is an IP address, which getaddrinfo returns without a lookup. */
  source: 'hosts-file' | 'cluster-dns' | 'upstream' | 'literal';
  fqdn: string;
  addresses: string[];
  cname: string[];
}

export interface ExplainResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
  /** CONTRACT.md: 'exec' (read inside the pod, live or in the snapshot's files) or 'computed'. */
  origin: 'exec' | 'computed';
  /** Added: where exactly it came from, e.g. "exec cat /etc/resolv.conf" or "snapshot files section". */
  originDetail?: string;
}

/** CONTRACT: one assumption the verdict rests on. */
export interface VerdictAssumption {
  fqdn: string;
  type: string;
  assumed: QueryStatus;
  why: string;
  ifWrong: string;
}

export type VerdictStatus = 'resolves' | 'does-not-resolve' | 'undetermined';

export interface ExplainVerdict {
  status: VerdictStatus;
  /** What the objects cannot show and the verdict assumes; empty when it rests on facts only. */
  assumptions: VerdictAssumption[];
}

export interface ExplainResult {
  name: string;
  from: string;
  resolved: boolean;
  /** Added (CONTRACT): resolves / does-not-resolve / undetermined, and the assumptions it rests on. */
  verdict: ExplainVerdict;
  answer: ExplainAnswer | null;
  resolvConf: ExplainResolvConf;
  queries: ExplainQuery[];
  steps: ExplainStep[];
  findings: ExplainFinding[];
  /** Added: the path drawn as one line (pod → resolv.conf → ... → answer). */
  path?: string;
  /**
   * Added: how real queries were sent ('pod-exec', 'debug-container', 'port-forward',
   * 'dns-server', 'none') and what that tests.
   */
  queriedVia?: { kind: 'pod-exec' | 'debug-container' | 'port-forward' | 'dns-server' | 'none'; detail: string };
  /**
   * Added, only with --debug-container: the ephemeral container kubectl-dns added to (or reused
   * in) the pod — the one change the tool can make to a cluster — and what became of it.
   */
  debugContainer?: DebugContainerReport;
  /**
   * Added: true when the outcome hangs on something kubectl-dns could not see (an upstream
   * resolver offline, a zone file): `resolved` is then false because it could not be proven.
   */
  undetermined?: boolean;
}

/** What `explain --debug-container IMAGE` did to the pod. */
export interface DebugContainerReport {
  /** NS/POD. */
  pod: string;
  image: string;
  /** The ephemeral container's name (kubectl-dns-xxxxx); absent when none was added or reused. */
  name?: string;
  /** True when this run added it (a PATCH of pods/POD/ephemeralcontainers succeeded). */
  added: boolean;
  /** True when a running one added by an earlier run was used instead of adding another. */
  reused: boolean;
  /** True when dig ran in it and its output was used. */
  used: boolean;
  /** One or two sentences: what was done, what failed, and that it stays in the pod's spec. */
  detail: string;
}
