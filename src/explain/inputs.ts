/**
 * What the explain engine is given. Everything here is data: the CLI gathers it (live API reads,
 * exec into the pod, real DNS queries) or takes it from a snapshot, then calls diagnose().
 */
import type { ClusterView } from '../model/view.ts';
import type { LibcFlavour } from '../resolver/libc.ts';
import type { DebugContainerReport, ExplainResult, QueryStatus } from './types.ts';

export interface ObservedQuery {
  fqdn: string;
  type: string;
  status: QueryStatus;
  /** `dig +short` style data of the answer section (CNAMEs included). */
  answers: string[];
  /** Set when the query could not be sent (e.g. the tool inside the pod failed). */
  error?: string;
}

export interface PodFiles {
  resolvConf?: string;
  hosts?: string;
  /** 'exec': read live inside the pod; 'snapshot': from the snapshot's files section. */
  origin: 'exec' | 'snapshot';
  /** e.g. "exec cat /etc/resolv.conf in container app". */
  detail: string;
}

export interface ExplainInputs {
  /** The name as the user typed it. */
  name: string;
  from: { namespace: string; pod: string };
  view: ClusterView;
  /** The one query type asked per name (--type); absent: A and AAAA, as getaddrinfo asks. */
  type?: string;
  /** The pod's C library; guessed from its images when absent. */
  flavour?: LibcFlavour;
  /** Files read inside the pod; absent when they could not be read (see filesProblem). */
  podFiles?: PodFiles;
  /** Why the files could not be read (exec forbidden, no cat in the image, pod not running, offline). */
  filesProblem?: string;
  /** Real answers, when queries were sent. */
  observed?: ObservedQuery[];
  queriedVia?: NonNullable<ExplainResult['queriedVia']>;
  /** --debug-container: the ephemeral container added to the pod (or why none was). */
  debugContainer?: DebugContainerReport;
  /** Recent CoreDNS log text per pod name, when it could be read. */
  corednsLogs?: Record<string, string>;
  /** Plain statements of what could not be checked (RBAC gaps, timeouts). */
  unchecked?: string[];
}
