/**
 * diagnose(inputs) → ExplainResult (CONTRACT.md): the whole explain engine, pure.
 */
import { interpolate } from '../lint/rule.ts';
import type { ExplainFinding } from '../shared/finding.ts';
import { computeFacts, type Facts } from './facts.ts';
import { FINDINGS } from './findings/index.ts';
import type { ExplainInputs } from './inputs.ts';
import { answeringCandidate, triedCandidates } from './queries.ts';
import { buildSteps, drawPath } from './steps.ts';
import { decideVerdict, type Verdict } from './verdict.ts';
import type { ExplainAnswer, ExplainQuery, ExplainResult } from './types.ts';
import { isSubdomain } from '../shared/fqdn.ts';

export function runFindings(f: Facts): ExplainFinding[] {
  const out: ExplainFinding[] = [];
  for (const m of FINDINGS) {
    let reports;
    try {
      reports = m.check(f);
    } catch (e) {
      // A finding that throws is a bug; report it instead of losing the rest of the diagnosis.
      out.push({ id: m.meta.id, severity: 'info', message: `The ${m.meta.id} check failed: ${(e as Error).message}` });
      continue;
    }
    for (const r of reports) {
      out.push({
        id: m.meta.id,
        severity: r.severity ?? m.meta.severity,
        message: interpolate(m.meta.message, r.data),
        hint: interpolate(r.hint ?? m.meta.hint, r.data),
      });
    }
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return out.map((x, i) => ({ x, i })).sort((a, b) => rank[a.x.severity] - rank[b.x.severity] || a.i - b.i).map(({ x }) => x);
}

function answerOf(f: Facts): ExplainAnswer | null {
  if (f.name.ip) return { source: 'literal', fqdn: f.name.text, addresses: [f.name.text], cname: [] };
  if (f.hostsMatch) {
    // The name the C library returns: the canonical (first) name of the matching line, as written
    // there — for the pod's own hostname with a subdomain, its FQDN — with CONTRACT's trailing dot.
    const canonical = f.hostsMatch.canonical.replace(/\.+$/, '') + '.';
    return { source: 'hosts-file', fqdn: canonical, addresses: f.hostsMatch.addresses, cname: [] };
  }
  const c = answeringCandidate(f);
  if (!c) return null;
  // Observed answers are dig +short text (a CNAME target ends with a dot); predicted ones carry their type.
  const { cname, addresses } = c.observed
    ? { cname: c.observed.answers.filter((d) => d.endsWith('.')), addresses: c.observed.answers.filter((d) => !d.endsWith('.')) }
    : {
        cname: c.prediction.answers.filter((a) => a.type === 'CNAME').map((a) => a.data),
        addresses: c.prediction.answers.filter((a) => a.type !== 'CNAME' && f.qtypes.includes(a.type)).map((a) => a.data),
      };
  const inCluster = isSubdomain(c.candidate.fqdn, f.clusterDomain + '.') || ['kubernetes', 'hosts', 'template', 'file'].includes(c.prediction.plugin ?? '');
  return { source: inCluster ? 'cluster-dns' : 'upstream', fqdn: c.candidate.fqdn, addresses, cname };
}

/** One entry per name and type, in the order sent (A then AAAA for each name by default). */
function queriesOf(f: Facts): ExplainQuery[] {
  return triedCandidates(f).flatMap((c) =>
    c.types.map((t) => {
      const assumed = t.predicted === null && t.assumption !== undefined;
      const q: ExplainQuery = {
        fqdn: c.candidate.fqdn,
        type: t.type,
        predicted: assumed ? t.assumption!.status : t.predicted,
        observed: t.observed ? t.observed.status : null,
        answers: t.observed ? t.observed.answers : t.prediction.answers.map((a) => a.data),
        predictedAnswers: t.prediction.answers.map((a) => a.data),
        kind: c.candidate.kind,
      };
      // Assumed too: a CNAME answer whose status (NODATA) rests on what its target is assumed to have.
      if (assumed || (t.assumption !== undefined && t.predicted !== t.prediction.status)) q.assumed = true;
      if (t.prediction.server) q.via = `${t.prediction.server} ${t.prediction.plugin ?? ''}`.trim();
      return q;
    }),
  );
}

export function diagnose(inputs: ExplainInputs): ExplainResult {
  const f = computeFacts(inputs);
  const findings = runFindings(f);
  const verdict = decideVerdict(f, findings);
  return toResult(f, findings, verdict);
}

/** The CONTRACT shape, from the facts, the findings and the verdict. */
function toResult(f: Facts, findings: ExplainFinding[], verdict: Verdict): ExplainResult {
  const inputs = f.inputs;
  const result: ExplainResult = {
    name: inputs.name,
    from: `${inputs.from.namespace}/${inputs.from.pod}`,
    resolved: verdict.resolved,
    verdict: { status: verdict.status, assumptions: verdict.assumptions },
    answer: verdict.resolved ? answerOf(f) : null,
    resolvConf: {
      nameservers: f.resolv.nameservers,
      search: f.resolv.search,
      ndots: f.resolv.ndots,
      origin: f.resolvOrigin,
      originDetail: f.resolvDetail,
    },
    queries: queriesOf(f),
    steps: buildSteps(f),
    findings,
    path: drawPath(f, { undetermined: verdict.undetermined }),
    queriedVia: inputs.queriedVia ?? { kind: 'none', detail: 'no query was sent: the answers are predictions from the cluster objects' },
  };
  if (inputs.debugContainer) result.debugContainer = inputs.debugContainer;
  // Undetermined only when the walk hangs on an answer nobody can predict and no error finding
  // already decides it (verdict.ts); a missing pod, or one without a nameserver, is a plain no.
  if (verdict.undetermined) result.undetermined = true;
  return result;
}

export { computeFacts };
