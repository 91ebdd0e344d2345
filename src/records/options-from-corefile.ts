import { parseCorefile } from '../corefile/parser.ts';
import { kubernetesOptions } from '../corefile/plugins/kubernetes.ts';
import { defaultKubernetesOptions, type KubernetesPluginOptions } from '../corefile/kubernetes-options.ts';
import { cacheConfig, type CacheConfig } from '../corefile/plugins/cache.ts';

export interface OptionsFromCorefile {
  opts: KubernetesPluginOptions;
  /** Where the options came from, for the user: "kubernetes block at line 7 of configmap kube-system/coredns". */
  origin: string;
  /** True when no kubernetes block was found and CoreDNS's defaults for cluster.local. were assumed. */
  assumed: boolean;
  /** The `cache` of the same server block: it rewrites the TTLs clients see (cache-ttl.ts). */
  cache?: CacheConfig;
}

/**
 * The options of the Corefile's `kubernetes` plugin (the first server block on port 53 that has
 * one, else the first block that has one). Pure: text in, options out; never throws.
 */
export function optionsFromCorefile(text: string, source: string, fallbackZone = 'cluster.local.'): OptionsFromCorefile {
  const assumed = (why: string): OptionsFromCorefile => ({
    opts: defaultKubernetesOptions([fallbackZone, 'in-addr.arpa.', 'ip6.arpa.']),
    origin: `${why}; assuming \`kubernetes ${fallbackZone.replace(/\.$/, '')} in-addr.arpa ip6.arpa\``,
    assumed: true,
  });
  let corefile;
  try {
    corefile = parseCorefile(text, { source });
  } catch {
    return assumed(`${source} could not be parsed`);
  }
  const candidates = corefile.serverBlocks
    .map((block) => ({ block, d: block.body.directives.find((d) => d.name.text === 'kubernetes') }))
    .filter((c) => c.d !== undefined);
  const pick = candidates.find((c) => c.block.keys.some((k) => k.port === 53)) ?? candidates[0];
  if (!pick || !pick.d) return assumed(`${source} has no kubernetes plugin`);
  const zones = pick.block.keys.flatMap((k) => k.zones);
  const cache = pick.block.body.directives.find((d) => d.name.text === 'cache');
  return {
    opts: kubernetesOptions(pick.d, zones),
    origin: `kubernetes block at line ${pick.d.name.line} of ${source}`,
    assumed: false,
    ...(cache ? { cache: cacheConfig(cache, zones) } : {}),
  };
}
