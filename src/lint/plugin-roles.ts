/**
 * Which plugins answer queries (data). A server block needs at least one of them;
 * the rest (errors, log, cache, health, ...) only observe or modify what others answer.
 */
export const ANSWERING_PLUGINS: ReadonlySet<string> = new Set([
  'kubernetes', 'forward', 'file', 'hosts', 'template', 'whoami', 'auto', 'secondary', 'etcd',
  'route53', 'azure', 'clouddns', 'k8s_external', 'chaos', 'grpc', 'erratic', 'fanout', 'proxy',
  'federation', 'sign', 'nomad',
]);

/**
 * Plugins that rewrite or answer a query before the data plugins see it; writing them
 * after a data plugin suggests the author expected the file order to matter.
 */
export const EARLY_PLUGINS: ReadonlySet<string> = new Set(['rewrite', 'hosts', 'template', 'acl', 'autopath']);

/** Data plugins that early plugins are compared with. */
export const DATA_PLUGINS: ReadonlySet<string> = new Set(['kubernetes', 'forward', 'file', 'etcd', 'auto', 'secondary', 'k8s_external']);

/** CoreDNS's defaults for the health and ready listeners (plugin/health, plugin/ready READMEs). */
export const DEFAULT_HEALTH_PORT = 8080;
export const DEFAULT_READY_PORT = 8181;

/**
 * Plugins outside the default build that real Corefiles use with custom images
 * (coredns.io/explugins, and the images of k8s_gateway, OpenShift, Submariner, ...). CoreDNS's
 * default image refuses them, but a Corefile naming one was most likely written for an image
 * that has it, so they are reported as a warning, not as a typo.
 */
export const EXTERNAL_PLUGINS: ReadonlySet<string> = new Set([
  'k8s_gateway', 'fanout', 'alternate', 'redisc', 'redis', 'unbound', 'ads', 'blocklist', 'netbox', 'docker',
  'dnsredir', 'mdns', 'gslb', 'k8s_dns_chaos', 'kubenodes', 'kubeapi', 'wgsd', 'finalize', 'records', 'lighthouse',
  'multicluster', 'nomad', 'tailscale', 'amazondns', 'pdsql', 'ens', 'meshname', 'ocp_dnsnameresolver', 'filter',
  'gathersrv', 'splitnet', 'kubernetai', 'rrl', 'warnlist', 'consul', 'consul_catalog', 'dnssrc', 'ipecho', 'idetcd',
  'forward_dns_over_https', 'doh', 'hosts_plus', 'cloudflare', 'wildcard', 'dump', 'example', 'openshift_dns',
]);
