import { LIBC } from '../../resolver/libc.ts';
import { searchLimitProblems } from '../../resolver/limits.ts';
import { parseResolvConf } from '../../resolver/resolv-conf.ts';
import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'search-list-over-limit',
    severity: 'warning',
    message: '{{what}}',
    hint: 'Shorten the node\'s search line or the pod\'s dnsConfig.searches; the names dropped are never tried.',
    docs: {
      summary: 'The kubelet truncates search lists over 32 domains or 2048 characters, and nameservers over 3; musl also stops reading long search lines.',
      example: 'Nodes in a corporate network inherit 6 search domains from DHCP; together with the 3 cluster domains the pod\'s list is cut and `intranet` names stop resolving.',
    },
  },
  check(f) {
    const out: { data: Record<string, string>; hint?: string }[] = [];
    for (const e of f.computed?.events ?? []) out.push({ data: { what: `The kubelet reports: ${e.message}` } });
    // What the pod's own C library cannot read (old glibc is reported too: its age is unknown).
    // The search line as written (parsed as glibc >= 2.26 reads it, which keeps all of it).
    const searchLine = parseResolvConf(f.resolvText, 'glibc').search;
    for (const p of searchLimitProblems(searchLine)) {
      if (p.resolver === 'musl' && f.flavour !== 'musl') continue;
      out.push({ data: { what: p.message } });
    }
    if (f.resolv.ignoredNameservers.length > 0) {
      out.push({
        data: { what: `resolv.conf lists more than ${LIBC[f.flavour].maxNameservers} nameservers; ${f.resolv.ignoredNameservers.join(', ')} are never asked.` },
        hint: `Keep at most ${LIBC[f.flavour].maxNameservers} nameservers: the node's resolv.conf (the kubelet keeps the first 3) or the pod's dnsConfig.nameservers.`,
      });
    }
    return out;
  },
});
