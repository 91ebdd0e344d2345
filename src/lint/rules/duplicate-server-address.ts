import { defineRule, type RuleReport } from '../rule.ts';
import type { ServerBlock, ServerKey } from '../../corefile/ast.ts';
import { findPlugins, hasPlugin } from '../corefile-walk.ts';

/** Listen addresses of a block from its `bind` lines; [''] = every address (no bind). */
function listenHosts(block: ServerBlock): string[] {
  const hosts = findPlugins(block, 'bind').flatMap((d) => d.args.map((a) => a.text).filter((a) => a !== 'except'));
  return hosts.length > 0 ? hosts : [''];
}

interface Listener {
  key: ServerKey;
  block: ServerBlock;
  host: string;
}

/** The address CoreDNS prints, e.g. `dns://example.org.:53`. */
function address(l: Listener, zone: string): string {
  return `${l.key.scheme}://${zone}:${l.host ? l.host + ':' : ''}${l.key.port}`;
}

export default defineRule({
  meta: {
    id: 'duplicate-server-address',
    severity: 'error',
    messages: {
      duplicate:
        'Zone {{zone}} on port {{port}} is already served by the server block at line {{otherLine}}: CoreDNS refuses to start ("cannot serve {{address}} - it is already defined").',
      overlap:
        'Zone {{zone}} on port {{port}} is bound to {{host}} here but to every address at line {{otherLine}}: CoreDNS refuses to start ("zone overlap listener capacity").',
    },
    hint: 'Merge the two server blocks, or give one a different port or a distinct `bind` address.',
    docs: {
      summary:
        'Each zone, port and transport can be served by only one server block (core/dnsserver/register.go); a duplicate, common when a custom ConfigMap re-declares `.:53`, stops CoreDNS at start-up.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n.:53 {\n    forward . 8.8.8.8\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\nexample.com:53 {\n    forward . 8.8.8.8\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'duplicate' | 'overlap'>[] = [];
    // zone|port|scheme -> listeners seen so far
    const seen = new Map<string, Listener[]>();
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'view')) continue; // views may share an address by design
      const hosts = listenHosts(block);
      for (const key of block.keys) {
        if (key.problem) continue;
        for (const zone of key.zones) {
          const id = `${zone}|${key.port}|${key.scheme}`;
          const list = seen.get(id) ?? [];
          for (const host of hosts) {
            const me: Listener = { key, block, host };
            const same = list.find((l) => l.host === host);
            const wild = list.find((l) => (l.host === '') !== (host === ''));
            if (same) {
              reports.push({
                messageId: 'duplicate',
                data: { zone, port: key.port, otherLine: same.key.token.line, address: address(me, zone) },
                token: key.token,
              });
            } else if (wild) {
              reports.push({
                messageId: 'overlap',
                data: { zone, port: key.port, host: host || wild.host, otherLine: wild.key.token.line },
                token: key.token,
              });
            }
            list.push(me);
          }
          seen.set(id, list);
        }
      }
    }
    return reports;
  },
});
