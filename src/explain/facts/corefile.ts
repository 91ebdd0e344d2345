/**
 * Step 3: the Corefile CoreDNS runs (the cluster's, else kubeadm's default for the known
 * domain), its lint, the zones its kubernetes plugin serves, that plugin's options, and from
 * them and the kubelet the cluster domain. Pure.
 */
import type { CoreDnsConfig } from '../../model/coredns-config.ts';
import type { DeploymentView, KubeletDnsConfig } from '../../model/view.ts';
import type { Corefile } from '../../corefile/ast.ts';
import { parseCorefile } from '../../corefile/parser.ts';
import { memoryImportReader } from '../../corefile/imports.ts';
import type { KubernetesPluginOptions } from '../../corefile/kubernetes-options.ts';
import { lintCorefile } from '../../lint/linter.ts';
import type { LintFinding } from '../../shared/finding.ts';
import { stagesOf } from '../../coredns/predict.ts';
import { routeQuery } from '../../coredns/route.ts';
import { toFqdn } from '../../shared/fqdn.ts';
import { pushAll } from '../../shared/array.ts';

export const DEFAULT_DOMAIN = 'cluster.local';

export interface CorefileFacts {
  corefile: Corefile;
  corefileAssumed: boolean;
  lint: LintFinding[];
  kubernetesZones: string[];
  kubernetesOptions?: KubernetesPluginOptions;
  /** The cluster domain, no trailing dot, lower case: the kubelet's, else the kubernetes plugin's zone, else cluster.local. */
  clusterDomain: string;
}

/** kubeadm's default Corefile, assumed when the cluster's cannot be read. */
export function assumedCorefile(domain: string): string {
  return `.:53 {
    errors
    health
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf
    cache 30
    loop
    reload
    loadbalance
}
`;
}

function loadCorefile(coredns: CoreDnsConfig | undefined, kubeletDomain: string | undefined, deployment: DeploymentView | undefined): Pick<CorefileFacts, 'corefile' | 'corefileAssumed' | 'lint'> {
  const corefileAssumed = coredns?.corefile === undefined;
  const text = coredns?.corefile ?? assumedCorefile(kubeletDomain ?? DEFAULT_DOMAIN);
  const corefile = parseCorefile(text, {
    source: coredns?.source ?? 'assumed kubeadm Corefile',
    baseDir: '/etc/coredns',
    reader: memoryImportReader(coredns?.importFiles ?? {}),
  });
  const lint = corefileAssumed
    ? []
    : lintCorefile(corefile, {
        ...(coredns?.version ? { corednsVersion: coredns.version } : {}),
        ...(kubeletDomain ? { clusterDomain: toFqdn(kubeletDomain) } : {}),
        ...(deployment ? { deployment } : {}),
      });
  return { corefile, corefileAssumed, lint };
}

/** The zones of every kubernetes plugin, and the options of the one CoreDNS routes the cluster domain to. */
function kubernetesPlugin(corefile: Corefile, domainGuess: string): { zones: string[]; options?: KubernetesPluginOptions } {
  const zones: string[] = [];
  for (const block of corefile.serverBlocks) {
    for (const d of block.body.directives) if (d.name.text === 'kubernetes') pushAll(zones, d.args.length ? d.args.map((a) => toFqdn(a.text)) : block.keys.flatMap((k) => k.zones));
  }
  const route = routeQuery(corefile, toFqdn(`kubernetes.default.svc.${domainGuess}`));
  const options = route ? stagesOf(route.block, route).find((s) => s.plugin === 'kubernetes')?.kubernetes : undefined;
  return { zones, ...(options ? { options } : {}) };
}

export function readCorefile(coredns: CoreDnsConfig | undefined, kubelet: KubeletDnsConfig, deployment: DeploymentView | undefined): CorefileFacts {
  const kubeletDomain = kubelet.clusterDomain?.replace(/\.$/, '');
  const loaded = loadCorefile(coredns, kubeletDomain, deployment);
  const plugin = kubernetesPlugin(loaded.corefile, kubeletDomain ?? DEFAULT_DOMAIN);
  const forwardZone = plugin.zones.find((z) => !z.endsWith('.arpa.'));
  const clusterDomain = (kubeletDomain ?? forwardZone?.replace(/\.$/, '') ?? DEFAULT_DOMAIN).toLowerCase();
  return { ...loaded, kubernetesZones: plugin.zones, ...(plugin.options ? { kubernetesOptions: plugin.options } : {}), clusterDomain };
}
