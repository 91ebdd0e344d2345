import type { Directive, Token } from '../../corefile/ast.ts';
import { defineRule, type RuleReport } from '../rule.ts';
import { atoi, isIpAddress, parseDuration } from '../../corefile/plugins/go-values.ts';
import { parseCidr } from '../../corefile/server-key.ts';

/**
 * Positional arguments that CoreDNS silently takes as zones (plugin.OriginsFromArgsOrServerBlock
 * normalises any word to a name): `cache 30s` (cache/setup.go reads a first argument as TTL only
 * when strconv.Atoi accepts it, so `30s` becomes the zone "30s." and nothing under the cluster
 * zone is cached), `forward 8.8.8.8 8.8.4.4` (the first argument is FROM: only the name
 * "8.8.8.8." is forwarded), and the zone lists of hosts, file, template, k8s_external, autopath
 * and kubernetes. CoreDNS starts with all of them, and the plugin answers for a zone no query asks.
 */
type Looks = 'a duration' | 'a number' | 'an IP address' | 'a file path';

export function looksLike(text: string): Looks | undefined {
  if (parseCidr(text)) return undefined; // a CIDR is a valid way to write reverse zones
  const host = text.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  if (isIpAddress(host)) return 'an IP address';
  if (/^\d+$/.test(text)) return 'a number';
  if (/^\d/.test(text) && parseDuration(text) !== undefined) return 'a duration';
  if (text.startsWith('/') || text.startsWith('./') || text.startsWith('../')) return 'a file path';
  return undefined;
}

interface ZoneArgs {
  zones: Token[];
  /** What the author most likely meant, per plugin. */
  intent: (t: Token, looks: Looks) => string;
}

function zoneArgs(d: Directive): ZoneArgs | undefined {
  const a = d.args;
  switch (d.name.text) {
    case 'cache': {
      const zones = a.length && atoi(a[0]!.text) !== undefined ? a.slice(1) : a;
      return { zones, intent: (t, l) => (l === 'a duration' ? `the TTL is a bare number of seconds: \`cache ${parseDuration(t.text)! / 1000}\`` : 'the TTL must be the first argument, as a bare number of seconds') };
    }
    case 'forward':
      return { zones: a.slice(0, 1), intent: () => `the first argument is FROM (the zone to forward): write \`forward . ${a.map((x) => x.text).join(' ')}\`` };
    case 'hosts':
      return { zones: a.slice(1), intent: (_t, l) => (l === 'an IP address' ? 'hosts entries go in the block, as `ADDRESS NAME` lines' : 'the arguments after FILE are zones') };
    case 'file':
      return { zones: a.slice(1), intent: () => 'the arguments after DBFILE are zones; give one file per line' };
    case 'template':
      return { zones: a.slice(2), intent: () => 'the arguments after CLASS and TYPE are zones; answers and matches go in the block' };
    case 'k8s_external':
      return { zones: a, intent: () => 'the arguments are zones; options such as ttl go in the block' };
    case 'autopath':
      return { zones: a.slice(0, -1), intent: () => 'only the last argument is the resolv.conf (or @kubernetes); the others are zones' };
    case 'kubernetes':
      return { zones: a, intent: () => 'the arguments are zones (CIDRs for reverse zones are fine); options go in the block' };
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'plugin-arg-read-as-zone',
    severity: 'warning',
    messages: {
      asZone:
        '{{plugin}} reads "{{arg}}" as a zone ({{arg}}.), though it looks like {{looks}}: CoreDNS starts, but the plugin only acts on names under that zone; {{intent}}.',
    },
    hint: 'Fix the argument as the message says; check the syntax in the plugin README.',
    docs: {
      summary:
        'Several plugins take zones as positional arguments and accept any word as a zone, so a TTL with a unit, an upstream address or a file path in a zone position starts fine and quietly makes the plugin apply to a zone nobody queries (`cache 30s` caches nothing under cluster.local).',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30s\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'asZone'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      for (const d of block.body.directives) {
        const z = zoneArgs(d);
        if (!z) continue;
        for (const t of z.zones) {
          const looks = t.quoted ? undefined : looksLike(t.text);
          if (looks) reports.push({ messageId: 'asZone', data: { plugin: d.name.text, arg: t.text, looks, intent: z.intent(t, looks) }, token: t });
        }
      }
    }
    return reports;
  },
});
