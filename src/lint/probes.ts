/**
 * What the coredns Deployment's probes expect from the health and ready plugins.
 */
import type { ContainerView, DeploymentView, ProbeView } from '../model/view.ts';
import type { Corefile, Directive } from '../corefile/ast.ts';

export interface ProbeNeed {
  kind: 'liveness' | 'readiness';
  path: string;
  port: number;
}

/** The CoreDNS container: the one whose image names coredns, else the first. */
export function corednsContainer(d: DeploymentView): ContainerView | undefined {
  return d.containers.find((c) => /coredns/i.test(c.image) || c.name === 'coredns') ?? d.containers[0];
}

function probePort(c: ContainerView, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

function need(c: ContainerView, kind: ProbeNeed['kind'], p: ProbeView | undefined): ProbeNeed | undefined {
  const http = p?.httpGet;
  if (!http) return undefined;
  const port = probePort(c, http.port);
  if (port === undefined) return undefined;
  return { kind, path: http.path ?? '/', port };
}

/** HTTP probes of the CoreDNS container, if any. */
export function probeNeeds(d: DeploymentView): { liveness?: ProbeNeed; readiness?: ProbeNeed } {
  const c = corednsContainer(d);
  if (!c) return {};
  const liveness = need(c, 'liveness', c.livenessProbe);
  const readiness = need(c, 'readiness', c.readinessProbe);
  return { ...(liveness ? { liveness } : {}), ...(readiness ? { readiness } : {}) };
}

/** Port a `health`/`ready` line listens on: its ADDRESS argument (`:8080`, `host:8080`) or the default. */
export function listenPort(d: Directive, defaultPort: number): number {
  const addr = d.args[0]?.text;
  if (!addr) return defaultPort;
  const m = /:(\d+)$/.exec(addr);
  return m ? Number(m[1]) : defaultPort;
}

/** All top-level lines of a plugin across the Corefile. */
export function pluginLines(corefile: Corefile, name: string): Directive[] {
  return corefile.serverBlocks.flatMap((b) => b.body.directives.filter((d) => d.name.text === name));
}
