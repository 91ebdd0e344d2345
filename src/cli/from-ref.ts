/**
 * `--from` as kubectl reads its arguments: `POD`, `NS/POD`, or `TYPE/NAME` where TYPE is a pod or
 * a workload (`deploy/web`), and a workload means one ready pod of it, chosen as `kubectl exec
 * deploy/web` chooses (kubectl polymorphichelpers.AttachablePodForObject: the pods its selector
 * matches, most active first — podutils.ActivePods reversed: ready before not ready, running
 * before pending, then the longest ready). Pure: pods and selector in, pod out.
 */
import type { LabelSelector, PodView } from '../model/view.ts';
import { matchesSelector } from '../model/label-selector.ts';
import { UsageError } from '../shared/errors.ts';

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job';

/** kubectl's names and short names (kubectl api-resources) of the kinds --from takes. */
const TYPES: Readonly<Record<string, 'Pod' | WorkloadKind>> = {
  pod: 'Pod',
  pods: 'Pod',
  po: 'Pod',
  deployment: 'Deployment',
  deployments: 'Deployment',
  deploy: 'Deployment',
  'deployment.apps': 'Deployment',
  statefulset: 'StatefulSet',
  statefulsets: 'StatefulSet',
  sts: 'StatefulSet',
  'statefulset.apps': 'StatefulSet',
  daemonset: 'DaemonSet',
  daemonsets: 'DaemonSet',
  ds: 'DaemonSet',
  'daemonset.apps': 'DaemonSet',
  job: 'Job',
  jobs: 'Job',
  'job.batch': 'Job',
};

export type FromRef =
  | { kind: 'Pod'; namespace: string; name: string }
  | { kind: WorkloadKind; namespace: string; name: string };

/**
 * "pod", "ns/pod", "TYPE/NAME", "ns/TYPE/NAME". A first part that is a type name (pod, deploy,
 * sts, ...) is a type, as kubectl reads it; a namespace of that name is given with -n.
 */
export function parseFromRef(from: string, namespace: string | undefined, flagNamespace: string | undefined): FromRef {
  const parts = from.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) {
    throw new UsageError(`invalid --from "${from}": use POD, NAMESPACE/POD or TYPE/NAME (pod/x, deploy/x, sts/x, ds/x, job/x)`);
  }
  let ns: string | undefined;
  let type: string | undefined;
  let name: string;
  if (parts.length === 3) {
    [ns, type, name] = parts as [string, string, string];
    if (!TYPES[type.toLowerCase()]) throw new UsageError(`invalid --from "${from}": "${type}" is not a pod or workload type (pod, deploy, sts, ds, job)`);
  } else if (parts.length === 2) {
    const [a, b] = parts as [string, string];
    if (TYPES[a.toLowerCase()]) [type, name] = [a, b];
    else [ns, name] = [a, b];
  } else name = parts[0]!;
  if (ns !== undefined && flagNamespace && flagNamespace !== ns) {
    throw new UsageError(`--from ${from} names namespace ${ns}, but -n says ${flagNamespace}; give one of them`);
  }
  const kind = type ? TYPES[type.toLowerCase()]! : 'Pod';
  return { kind, namespace: ns ?? namespace ?? 'default', name };
}

/** `deployment/web` as kubectl prints it. */
export function refText(ref: FromRef): string {
  return `${ref.kind.toLowerCase()}/${ref.name}`;
}

/** Does the pod belong to the workload? By its selector when known, else by the owner reference. */
export function podOfWorkload(pod: PodView, ref: FromRef, selector: LabelSelector | undefined): boolean {
  if (pod.namespace !== ref.namespace) return false;
  if (selector) return matchesSelector(selector, pod.labels);
  const owner = pod.owner;
  if (!owner) return false;
  if (ref.kind === 'Deployment') {
    // The Deployment's ReplicaSet is named NAME-HASH, HASH being the pod's pod-template-hash label.
    const hash = pod.labels['pod-template-hash'];
    return owner.kind === 'ReplicaSet' && hash !== undefined && owner.name === `${ref.name}-${hash}`;
  }
  return owner.kind === ref.kind && owner.name === ref.name;
}

function activeRank(p: PodView): number[] {
  const phase = p.phase === 'Running' ? 2 : p.phase === 'Pending' ? 0 : 1;
  return [p.deletionTimestamp ? 0 : 1, p.ready ? 1 : 0, phase, p.nodeName ? 1 : 0];
}

/** The most active pod of the workload (ready and running first; then by name, so the choice is stable). */
export function pickWorkloadPod(
  pods: readonly PodView[],
  ref: FromRef,
  selector: LabelSelector | undefined,
): { pod: PodView; of: number; ready: number } {
  const mine = pods.filter((p) => podOfWorkload(p, ref, selector));
  if (mine.length === 0) throw new UsageError(`${refText(ref)} in namespace ${ref.namespace} has no pods`);
  const sorted = [...mine].sort((a, b) => {
    const ra = activeRank(a);
    const rb = activeRank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return { pod: sorted[0]!, of: mine.length, ready: mine.filter((p) => p.ready && p.phase === 'Running').length };
}

/** The line on stderr that says which pod a workload meant. */
export function choiceLine(ref: FromRef, chosen: { pod: PodView; of: number; ready: number }): string {
  const state = chosen.pod.ready && chosen.pod.phase === 'Running' ? 'ready' : `not ready (${chosen.pod.phase ?? 'unknown phase'})`;
  return `using pod ${ref.namespace}/${chosen.pod.name} of ${refText(ref)} (${state}; ${chosen.ready} of ${chosen.of} pods ready)\n`;
}
