import { defineRule, type RuleReport } from '../rule.ts';
import { getPluginSpec, PLUGIN_ORDER } from '../../corefile/plugins/index.ts';
import { eachPlugin } from '../corefile-walk.ts';
import { closest } from '../suggest.ts';
import { EXTERNAL_PLUGINS } from '../plugin-roles.ts';

export default defineRule({
  meta: {
    id: 'unknown-plugin',
    severity: 'error',
    messages: {
      unknown: 'Unknown plugin "{{name}}": CoreDNS refuses to start ("Unknown directive \'{{name}}\'").',
      suggest: 'Unknown plugin "{{name}}" (did you mean "{{suggestion}}"?): CoreDNS refuses to start.',
      external:
        'Plugin "{{name}}" is an external plugin, not in the default CoreDNS build: this Corefile needs a custom image that includes it (the stock image refuses to start).',
    },
    hint: 'Check the spelling against https://coredns.io/plugins/; external plugins exist only in custom CoreDNS builds.',
    docs: {
      summary:
        'CoreDNS knows only the plugins compiled into its build (plugin.cfg); any other directive name stops the server at start-up.',
      bad: '.:53 {\n    errors\n    kubernets cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
      good: '.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'unknown' | 'suggest' | 'external'>[] = [];
    const known = [...PLUGIN_ORDER];
    for (const { directive } of eachPlugin(ctx.corefile)) {
      const name = directive.name.text;
      if (name === 'import' || getPluginSpec(name)) continue;
      if (EXTERNAL_PLUGINS.has(name)) {
        reports.push({
          messageId: 'external',
          data: { name },
          token: directive.name,
          severity: 'warning',
          hint: 'Make sure the CoreDNS image in use was built with this plugin (see https://coredns.io/explugins/).',
        });
        continue;
      }
      const suggestion = closest(name, known);
      reports.push(
        suggestion
          ? { messageId: 'suggest', data: { name, suggestion }, token: directive.name, hint: `Write "${suggestion}".` }
          : { messageId: 'unknown', data: { name }, token: directive.name },
      );
    }
    return reports;
  },
});
