import { defineFinding } from '../finding.ts';

/** An address given as the name: no hosts file, no DNS; the PTR name is what can be explained. */
export default defineFinding({
  meta: {
    id: 'ip-literal',
    severity: 'info',
    message: '{{name}} is an IPv{{family}} address, not a name: getaddrinfo returns it as is, without /etc/hosts or a DNS query.',
    hint: 'To see which name the cluster gives it, explain its PTR name: `kubectl dns explain {{ptr}} --type PTR --from {{from}}`.',
    docs: {
      summary:
        'getaddrinfo parses a numeric address before any lookup (AI_NUMERICHOST or not), so an IP given where a host name is expected never reaches the resolver and cannot fail in DNS. What DNS knows about an address is its reverse (PTR) name under in-addr.arpa or ip6.arpa, which CoreDNS\'s kubernetes plugin answers for Service and pod IPs.',
      example: 'A connection string `postgres://10.96.40.12:5432` works while `postgres://db.shop:5432` fails: the first never asked DNS. `explain 10.96.40.12` says so and offers `12.40.96.10.in-addr.arpa.`.',
      sources: [
        'glibc sysdeps/posix/getaddrinfo.c `gaih_inet`: the name is tried with `__inet_aton_exact` and `inet_pton (AF_INET6, ...)` before any NSS lookup.',
        'musl src/network/lookup_name.c `__lookup_name`: `cnt = name_from_null(...); if (!cnt) cnt = name_from_numeric(...);` before `name_from_hosts` and `name_from_dns_search`.',
      ],
    },
  },
  check(f) {
    if (!f.name.ip || !f.pod) return [];
    return [{ data: { name: f.name.text, family: f.name.ip.family, ptr: f.name.ip.ptr, from: `${f.pod.namespace}/${f.pod.name}` } }];
  },
});
