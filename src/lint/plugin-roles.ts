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
