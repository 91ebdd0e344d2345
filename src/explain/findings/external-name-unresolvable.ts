import { isIP } from 'node:net';
import { stagesOf } from '../../coredns/predict.ts';
import { routeQuery } from '../../coredns/route.ts';
import { isSubdomain, toFqdn } from '../../shared/fqdn.ts';
import type { Facts } from '../facts.ts';
import { defineFinding } from '../finding.ts';
import { serviceNameOf, triedCandidates } from '../queries.ts';
import { digCommand, resolveUpstreams } from '../upstreams.ts';

/** The dig command that asks CoreDNS's upstream for `target`: through the forward its route reaches. */
function digTarget(f: Facts, target: string): string | undefined {
  const name = toFqdn(target);
  const route = f.corefile ? routeQuery(f.corefile, name) : undefined;
  if (!route) return undefined;
  const fwd = stagesOf(route.block, route, f.coredns?.version).find(
    (s) => s.plugin === 'forward' && s.forward && isSubdomain(name, s.forward.from) && !s.forward.except.some((e) => isSubdomain(name, e)),
  );
  const server = fwd?.forward ? resolveUpstreams(f, fwd.forward.to).flatMap((u) => u.servers)[0] : undefined;
  return server ? digCommand(server, name) : undefined;
}

export default defineFinding({
  meta: {
    id: 'external-name-unresolvable',
    severity: 'error',
    message: 'Service {{service}} is an ExternalName for {{target}}, which {{why}}.',
    hint: '{{fix}}',
    docs: {
      summary: 'An ExternalName Service is only a CNAME: the target must itself resolve from CoreDNS\'s upstream.',
      example: '`payments` points at `payments.internal.example.com`, a name only the office DNS knows, while CoreDNS forwards to the cloud resolver.',
    },
  },
  check(f) {
    const out: { data: Record<string, string> }[] = [];
    for (const c of triedCandidates(f)) {
      const ref = serviceNameOf(c.candidate.fqdn, f.clusterDomain);
      if (!ref) continue;
      const svc = f.view.services.find((s) => s.name === ref.service && s.namespace === ref.namespace && s.type === 'ExternalName');
      if (!svc || !svc.externalName) continue;
      const target = svc.externalName;
      if (isIP(target)) {
        out.push({ data: { service: `${svc.namespace}/${svc.name}`, target, why: 'is an IP address, not a name (CoreDNS answers a CNAME to a name that does not exist)', fix: 'Use a ClusterIP Service without selector and an EndpointSlice holding that IP.' } });
        continue;
      }
      const status = c.observed?.status;
      if (status === 'NXDOMAIN' || status === 'SERVFAIL' || (status === 'NOERROR' && (c.observed?.answers ?? []).every((a) => a.endsWith('.')))) {
        out.push({
          data: {
            service: `${svc.namespace}/${svc.name}`,
            target,
            why: status === 'NOERROR' ? 'returns no address through CoreDNS\'s upstream' : `fails with ${status} through CoreDNS's upstream`,
            fix: ((dig) =>
              dig
                ? `Check the target from CoreDNS's upstream (\`${dig}\`), or fix the Service's externalName.`
                : `Check the target from CoreDNS's upstream (\`dig ${target}\` against the address CoreDNS's forward uses, which kubectl-dns could not read), or fix the Service's externalName.`)(digTarget(f, target)),
          },
        });
      }
    }
    return out;
  },
});
