/**
 * `doctor --probe-from POD`: runs src/doctor/probe.ts's timed loop inside the pod the user named,
 * through pods/exec, and analyses what it printed. Three execs at most: cat /etc/resolv.conf,
 * `command -v dig getent`, the loop (bounded by its own time budget inside the pod and by the exec
 * timeout here). Never throws for cluster trouble: `problem` says why nothing was measured.
 */
import type { ClusterClient } from './client.ts';
import { analyzeProbe, parseProbeOutput, probeScript, type ProbeAnalysis, type ProbeTool } from '../doctor/probe.ts';
import { parseResolvConf } from '../resolver/resolv-conf.ts';

export interface ProbeRequest {
  namespace: string;
  pod: string;
  container?: string;
  name: string;
  count: number;
  budgetSeconds: number;
}

export interface ProbeRun {
  pod: string;
  analysis?: ProbeAnalysis;
  problem?: string;
}

/** The exec's own bound beyond the in-pod budget (start-up, the last lookup, the status frame). */
const EXEC_GRACE_MS = 20_000;

export async function runProbe(client: ClusterClient, r: ProbeRequest): Promise<ProbeRun> {
  const pod = `${r.namespace}/${r.pod}`;
  const { execRead } = await import('./exec.ts');
  const headers = client.impersonateGroups.length ? { 'Impersonate-Group': client.impersonateGroups } : undefined;
  const exec = (argv: string[], timeoutMs: number, maxOutputBytes?: number) =>
    execRead(client.kubeConfig as never, r.namespace, r.pod, r.container, argv, { timeoutMs, ...(headers ? { headers } : {}), ...(maxOutputBytes ? { maxOutputBytes } : {}) });
  const why = (x: { outcome: string; detail: string }) => (x.outcome === 'forbidden' ? `RBAC: ${x.detail}` : x.detail);

  const resolv = await exec(['cat', '/etc/resolv.conf'], 15_000);
  if (resolv.outcome !== 'ok') return { pod, problem: `cannot read /etc/resolv.conf: ${why(resolv)}` };
  const conf = parseResolvConf(resolv.stdout);
  const nameserver = conf.nameservers[0];
  if (!nameserver) return { pod, problem: 'the pod\'s resolv.conf has no nameserver' };

  const which = await exec(['sh', '-c', 'command -v dig || command -v getent || true'], 15_000);
  if (which.outcome === 'notFound') return { pod, problem: 'the image has no shell (sh) to run the timed loop' };
  if (which.outcome !== 'ok') return { pod, problem: `exec failed: ${why(which)}` };
  const found = which.stdout.trim().split('\n')[0] ?? '';
  const tool: ProbeTool | undefined = /\/dig$/.test(found) ? 'dig' : /\/getent$/.test(found) ? 'getent' : undefined;
  if (!tool) return { pod, problem: 'the image has neither dig nor getent (try a pod whose image has one, e.g. a debug pod on the same node)' };

  const plan = { name: r.name, count: r.count, nameserver, timeoutSeconds: conf.timeoutSeconds, attempts: conf.attempts, budgetSeconds: r.budgetSeconds };
  const run = await exec(['sh', '-c', probeScript(tool, plan)], r.budgetSeconds * 1000 + EXEC_GRACE_MS, 16 << 20);
  const parsed = parseProbeOutput(tool, run.stdout, conf.timeoutSeconds);
  const out: ProbeRun = { pod, analysis: analyzeProbe(parsed, r.name, conf) };
  if (parsed.problem) out.problem = parsed.problem;
  else if (run.outcome !== 'ok' && run.outcome !== 'nonZeroExit') out.problem = `the loop ended early: ${why(run)}`;
  return out;
}
