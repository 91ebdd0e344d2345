import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugins } from '../corefile-walk.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost|0\.0\.0\.0)$/i;

/** Splits `dns://127.0.0.1:53`, `127.0.0.1`, `[::1]:53` into host and port (default 53). */
function splitTarget(text: string): { host: string; port: number } | undefined {
  const t = text.replace(/^dns:\/\//i, '');
  if (/^[a-z]+:\/\//i.test(t) || t.startsWith('/')) return undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : 53 };
  if (t.split(':').length > 2) return { host: t, port: 53 }; // bare IPv6
  const [host, port] = t.split(':');
  return { host: host ?? '', port: port ? Number(port) : 53 };
}

export default defineRule({
  meta: {
    id: 'forward-loop-to-self',
    severity: 'error',
    messages: {
      self:
        'forward sends queries to {{target}}, which is this CoreDNS itself (port {{port}} in its own pod): every forwarded query loops.',
    },
    hint: 'Forward to an upstream resolver instead (an address, or /etc/resolv.conf with "loop" enabled).',
    docs: {
      summary:
        'Inside the CoreDNS pod, a loopback address on the server\'s own port is CoreDNS itself; forwarding there turns every miss into a loop (the `loop` plugin then stops the pod, or it exhausts memory).',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . 127.0.0.1\n    cache 30\n    loop\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . 10.0.0.2\n    cache 30\n    loop\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'self'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      const ports = new Set(block.keys.filter((k) => k.scheme === 'dns').map((k) => k.port));
      for (const d of findPlugins(block, 'forward')) {
        for (const a of d.args.slice(1)) {
          const t = splitTarget(a.text);
          if (t && LOOPBACK.test(t.host) && ports.has(t.port)) {
            reports.push({ messageId: 'self', data: { target: a.text, port: t.port }, token: a });
          }
        }
      }
    }
    return reports;
  },
});
