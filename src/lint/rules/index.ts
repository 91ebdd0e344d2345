/** The lint rules: id -> module (data; the id is the file name and docs/rules/<id>.md). */
import type { Rule } from '../rule.ts';
import autopathWithoutPodsVerified from './autopath-without-pods-verified.ts';
import duplicateServerAddress from './duplicate-server-address.ts';
import fileShadowsClusterZone from './file-shadows-cluster-zone.ts';
import forwardLoopToSelf from './forward-loop-to-self.ts';
import forwardShadowed from './forward-shadowed.ts';
import forwardResolvConfWithoutLoop from './forward-resolv-conf-without-loop.ts';
import healthWithoutLameduck from './health-without-lameduck.ts';
import hostsWithoutFallthrough from './hosts-without-fallthrough.ts';
import k8sExternalWithoutKubernetes from './k8s-external-without-kubernetes.ts';
import kubernetesMissingReverseFallthrough from './kubernetes-missing-reverse-fallthrough.ts';
import kubernetesPodsVerifiedCost from './kubernetes-pods-verified-cost.ts';
import kubernetesTtlZero from './kubernetes-ttl-zero.ts';
import kubernetesZoneMismatch from './kubernetes-zone-mismatch.ts';
import logEveryQuery from './log-every-query.ts';
import missingErrors from './missing-errors.ts';
import missingHealth from './missing-health.ts';
import missingReady from './missing-ready.ts';
import missingReload from './missing-reload.ts';
import noAnsweringPlugin from './no-answering-plugin.ts';
import noCache from './no-cache.ts';
import optionDeprecated from './option-deprecated.ts';
import optionRemoved from './option-removed.ts';
import pluginArgs from './plugin-args.ts';
import pluginArgReadAsZone from './plugin-arg-read-as-zone.ts';
import pluginDeprecated from './plugin-deprecated.ts';
import pluginNotYetAvailable from './plugin-not-yet-available.ts';
import pluginOrderIgnored from './plugin-order-ignored.ts';
import pluginRemoved from './plugin-removed.ts';
import pluginRepeated from './plugin-repeated.ts';
import transportWithoutTls from './transport-without-tls.ts';
import unknownPlugin from './unknown-plugin.ts';

export const RULES: Readonly<Record<string, Rule>> = {
  'autopath-without-pods-verified': autopathWithoutPodsVerified as Rule,
  'duplicate-server-address': duplicateServerAddress as Rule,
  'file-shadows-cluster-zone': fileShadowsClusterZone as Rule,
  'forward-loop-to-self': forwardLoopToSelf as Rule,
  'forward-shadowed': forwardShadowed as Rule,
  'forward-resolv-conf-without-loop': forwardResolvConfWithoutLoop as Rule,
  'health-without-lameduck': healthWithoutLameduck as Rule,
  'hosts-without-fallthrough': hostsWithoutFallthrough as Rule,
  'k8s-external-without-kubernetes': k8sExternalWithoutKubernetes as Rule,
  'kubernetes-missing-reverse-fallthrough': kubernetesMissingReverseFallthrough as Rule,
  'kubernetes-pods-verified-cost': kubernetesPodsVerifiedCost as Rule,
  'kubernetes-ttl-zero': kubernetesTtlZero as Rule,
  'kubernetes-zone-mismatch': kubernetesZoneMismatch as Rule,
  'log-every-query': logEveryQuery as Rule,
  'missing-errors': missingErrors as Rule,
  'missing-health': missingHealth as Rule,
  'missing-ready': missingReady as Rule,
  'missing-reload': missingReload as Rule,
  'no-answering-plugin': noAnsweringPlugin as Rule,
  'no-cache': noCache as Rule,
  'option-deprecated': optionDeprecated as Rule,
  'option-removed': optionRemoved as Rule,
  'plugin-args': pluginArgs as Rule,
  'plugin-arg-read-as-zone': pluginArgReadAsZone as Rule,
  'plugin-deprecated': pluginDeprecated as Rule,
  'plugin-not-yet-available': pluginNotYetAvailable as Rule,
  'plugin-order-ignored': pluginOrderIgnored as Rule,
  'plugin-removed': pluginRemoved as Rule,
  'plugin-repeated': pluginRepeated as Rule,
  'transport-without-tls': transportWithoutTls as Rule,
  'unknown-plugin': unknownPlugin as Rule,
};

export const RULE_IDS: readonly string[] = Object.keys(RULES);
