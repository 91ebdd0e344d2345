/**
 * Step 1: the pod the name is resolved from, its node and that node's kubelet DNS settings, and
 * the pod's C library (told, or guessed from its images). Pure.
 */
import type { ClusterView, KubeletDnsConfig, NodeView, PodView } from '../../model/view.ts';
import type { LibcFlavour } from '../../resolver/libc.ts';
import type { ExplainInputs } from '../inputs.ts';

export interface PodFacts {
  pod?: PodView;
  podRunning: boolean;
  node?: NodeView;
  /** The pod's node's kubelet settings, else any node's (the best guess for the cluster). */
  kubelet: KubeletDnsConfig;
  /** True when the pod's own node's settings were read. */
  kubeletKnown: boolean;
  flavour: LibcFlavour;
  flavourGuessed: boolean;
}

/** Alpine and other musl images; a guess from the image name when exec could not tell. */
export function guessFlavour(pod: PodView | undefined): { flavour: LibcFlavour; guessed: boolean } {
  const images = (pod?.containers ?? []).map((c) => c.image.toLowerCase());
  if (images.some((i) => /(^|[/:_-])alpine|musl/.test(i))) return { flavour: 'musl', guessed: true };
  return { flavour: 'glibc', guessed: true };
}

export function findPod(view: ClusterView, inputs: Pick<ExplainInputs, 'from' | 'flavour'>): PodFacts {
  const pod = view.pods.find((p) => p.namespace === inputs.from.namespace && p.name === inputs.from.pod);
  const node = pod?.nodeName ? view.nodes.find((n) => n.name === pod.nodeName) : undefined;
  const kubeletFromView = pod?.nodeName ? view.kubelet[pod.nodeName] : undefined;
  const anyKubelet = kubeletFromView ?? Object.values(view.kubelet)[0];
  const { flavour, guessed } = inputs.flavour ? { flavour: inputs.flavour, guessed: false } : guessFlavour(pod);
  return {
    ...(pod ? { pod } : {}),
    podRunning: pod?.phase === 'Running',
    ...(node ? { node } : {}),
    kubelet: { ...(anyKubelet ?? {}) },
    kubeletKnown: kubeletFromView !== undefined,
    flavour,
    flavourGuessed: guessed,
  };
}
