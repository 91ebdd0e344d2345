import { defineRule, type RuleReport } from '../rule.ts';
import { hasPlugin } from '../corefile-walk.ts';

/**
 * quic:// and https3:// servers cannot listen without a certificate: core/dnsserver's
 * ServerQUIC fails "ListenPacket: quic: tls.Config not set" and ServerHTTPS3 "DoH3 requires
 * TLS, no TLS config found" when the block has no `tls` plugin (checked with CoreDNS 1.14.3
 * and 1.15.0). tls:// and https:// start without one (plain TCP until configured).
 */
const NEEDS_TLS = new Set(['quic', 'https3']);

export default defineRule({
  meta: {
    id: 'transport-without-tls',
    severity: 'error',
    messages: {
      noTls: 'A {{scheme}}:// server block needs the tls plugin: CoreDNS refuses to start without a certificate for it.',
    },
    hint: 'Add `tls CERT KEY` to the block (files mounted in the pod), or serve plain DNS (no scheme).',
    docs: {
      summary: 'DNS over QUIC and DNS over HTTP/3 listeners need a TLS configuration when they start; a quic:// or https3:// block without `tls` stops CoreDNS from starting.',
      bad: 'quic://.:853 {\n    forward . /etc/resolv.conf\n}\n',
      good: 'quic://.:853 {\n    tls /etc/coredns/tls.crt /etc/coredns/tls.key\n    forward . /etc/resolv.conf\n}\n',
    },
  },
  check(ctx) {
    const reports: RuleReport<'noTls'>[] = [];
    for (const block of ctx.corefile.serverBlocks) {
      if (hasPlugin(block, 'tls')) continue;
      const key = block.keys.find((k) => NEEDS_TLS.has(k.scheme) && k.problem === undefined);
      if (key) reports.push({ messageId: 'noTls', data: { scheme: key.scheme }, token: key.token });
    }
    return reports;
  },
});
