import type { Directive } from '../../corefile/ast.ts';
import { defineRule, type RuleReport } from '../rule.ts';
import { findPlugins, properties } from '../corefile-walk.ts';
import { normalizeZone } from '../../corefile/server-key.ts';
import { isSubdomain } from '../../shared/fqdn.ts';

/**
 * plugin/forward: several forward lines in one server block are tried in the order written
 * (each is its own handler in the chain); a forward handles every query under its FROM that
 * `except` does not exclude, and passes it on only for the rcodes listed in `next`. A later
 * forward whose FROM lies under an earlier one's FROM therefore never sees a query.
 */
function from(d: Directive): string | undefined {
  const t = d.args[0]?.text;
  return t === undefined ? undefined : normalizeZone(t);
}

function excepts(d: Directive): string[] {
  return properties(d, 'except').flatMap((p) => p.args.map((a) => normalizeZone(a.text)));
}

export default defineRule({
  meta: {
    id: 'forward-shadowed',
    severity: 'warning',
    messages: {
      shadowed:
        'This forward for {{zone}} never answers: the forward at line {{line}} ({{earlier}}) already takes every query under it.',
    },
    hint: 'Merge the upstreams into one forward line, or give the earlier forward an `except {{zone}}` (or a narrower FROM).',
    docs: {
      summary:
        'A server block may hold several forward lines; the first whose FROM covers a query takes it, so a second forward for the same zone (or a zone under the first one\'s) is dead configuration, often a botched attempt at adding a fallback upstream.',
      bad: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . 10.0.0.2\n    forward . 8.8.8.8\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . 10.0.0.2 8.8.8.8 {\n        policy sequential\n    }\n    cache 30\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'shadowed'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      const fwd = findPlugins(block, 'forward');
      for (const [i, later] of fwd.entries()) {
        const zone = from(later);
        if (!zone) continue;
        const earlier = fwd.slice(0, i).find((e) => {
          const ez = from(e);
          if (!ez || !isSubdomain(zone, ez)) return false;
          if (properties(e, 'next').length > 0) return false;
          return !excepts(e).some((x) => isSubdomain(zone, x) || isSubdomain(x, zone));
        });
        if (earlier) reports.push({ messageId: 'shadowed', data: { zone, line: earlier.name.line, earlier: `forward ${from(earlier)}` }, token: later.name });
      }
    }
    return reports;
  },
});
