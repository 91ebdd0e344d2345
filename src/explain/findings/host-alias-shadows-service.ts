import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'host-alias-shadows-service',
    severity: 'warning',
    message: '/etc/hosts answers {{name}} with {{hostsAddress}} before DNS is asked{{dnsPart}}.',
    hint: 'Remove the entry from the pod\'s hostAliases (or its image\'s /etc/hosts) if DNS should answer.',
    docs: {
      summary: 'The C library reads /etc/hosts before DNS; a hostAliases entry wins over the Service, even when it is stale.',
      example: 'A hostAliases entry pinned `api` to an old IP during a migration; the Service moved on and the pod still calls the old address.',
    },
  },
  check(f) {
    if (!f.hostsMatch) return [];
    const fromAlias = (f.pod?.hostAliases ?? []).some((a) => a.hostnames.some((h) => h.toLowerCase() === f.name.lower));
    const dns = f.candidates.find((c) => (c.observed?.status ?? c.predicted) === 'NOERROR');
    const dnsAddrs = dns ? (dns.observed?.answers ?? dns.prediction.answers.map((a) => a.data)) : [];
    const differs = dnsAddrs.length > 0 && !dnsAddrs.some((a) => f.hostsMatch!.addresses.includes(a));
    if (!fromAlias && !differs) return [];
    return [
      {
        severity: differs ? 'warning' : 'info',
        data: {
          name: f.name.text,
          hostsAddress: f.hostsMatch.addresses.join(', '),
          dnsPart: differs ? `, while DNS would answer ${dnsAddrs.join(', ')} (${dns!.candidate.fqdn})` : ' (from the pod\'s hostAliases)',
        },
      },
    ];
  },
});
