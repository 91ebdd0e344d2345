import { defineFinding } from '../finding.ts';
import { isResolved } from '../queries.ts';

export default defineFinding({
  meta: {
    id: 'statefulset-subdomain-mismatch',
    severity: 'error',
    message: '{{what}}',
    hint: '{{fix}}',
    docs: {
      summary: 'Per-pod names (pod-0.svc.ns) exist only when a headless Service named like the StatefulSet\'s serviceName (or the pod\'s subdomain) selects the pods.',
      example: 'StatefulSet `kafka` has `serviceName: kafka-headless` but the chart created `kafka-hs`; `kafka-0.kafka-headless` never resolves.',
    },
  },
  check(f) {
    if (isResolved(f)) return [];
    const labels = f.name.labels;
    if (labels.length < 2) return [];
    const [host, sub] = labels as [string, string];
    const ns = labels[2] && labels[2] !== 'svc' ? labels[2] : f.pod?.namespace;
    const out: { data: Record<string, string> }[] = [];
    const target = f.view.pods.find((p) => p.namespace === ns && (p.hostname ?? p.name) === host);
    if (!target) return [];
    const svc = f.view.services.find((s) => s.namespace === ns && s.name === sub);
    const sts = target.owner?.kind === 'StatefulSet' ? f.view.statefulSets.find((s) => s.namespace === ns && s.name === target.owner!.name) : undefined;
    // Only offer another name when it exists: a headless Service named like the serviceName, or one that selects the pod.
    const headlessHere = f.view.services.filter((s) => s.namespace === ns && s.headless);
    const selecting = headlessHere.filter((s) => s.selector && Object.keys(s.selector).length && Object.entries(s.selector).every(([k, v]) => target.labels[k] === v));
    const alternative = (serviceName: string): string =>
      serviceName !== sub && headlessHere.some((s) => s.name === serviceName)
        ? `, or use ${host}.${serviceName}`
        : selecting[0]
          ? `; headless Service ${selecting[0].name} selects the pod but gives it no per-pod name, since its name is not the pod's subdomain`
          : '';
    if (!svc) {
      out.push({
        data: {
          what: `Pod ${ns}/${target.name} exists, but there is no Service ${sub} in ${ns}${target.subdomain ? ` (the pod's subdomain is ${target.subdomain})` : ''}.`,
          fix: sts ? `Create a headless Service named ${sts.serviceName} (the StatefulSet's serviceName)${alternative(sts.serviceName)}.` : `Create a headless Service ${sub} that selects the pod.`,
        },
      });
    } else if (!svc.headless) {
      out.push({ data: { what: `Service ${ns}/${sub} is not headless, so it has no per-pod names like ${host}.${sub}.`, fix: `Use a headless Service (clusterIP: None) for per-pod names.` } });
    } else if (target.subdomain !== sub) {
      out.push({ data: { what: `Pod ${ns}/${target.name} has subdomain ${target.subdomain ?? '(none)'}, not ${sub}, so ${host}.${sub} is not its name.`, fix: sts ? `Set the StatefulSet's serviceName to ${sub}, or query ${host}.${target.subdomain ?? sts.serviceName}.` : `Set the pod's subdomain to ${sub}.` } });
    }
    return out;
  },
});
