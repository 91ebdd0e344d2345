import rule from '../../../src/lint/rules/transport-without-tls.ts';
import { ruleTester } from '../rule-tester.ts';

// CoreDNS 1.15.0: quic:// without tls -> "ListenPacket: quic: tls.Config not set"; https3:// ->
// "DoH3 requires TLS, no TLS config found"; tls:// and https:// start (variants/key-*-scheme.Corefile).
ruleTester(rule, {
  valid: [
    { name: 'quic README style: with tls', code: 'quic://.:853 {\n    tls cert.pem key.pem\n    whoami\n}\n' },
    { name: 'tls:// without the tls plugin still starts', code: 'tls://.:853 {\n    whoami\n}\n' },
    { name: 'https:// without the tls plugin still starts', code: 'https://.:443 {\n    whoami\n}\n' },
  ],
  invalid: [
    { name: 'DoQ without a certificate', code: 'quic://.:853 {\n    forward . /etc/resolv.conf\n}\n', errors: [{ messageId: 'noTls', line: 1, column: 1, data: { scheme: 'quic' } }] },
    { name: 'DoH3 without a certificate', code: '.:53 {\n    whoami\n}\nhttps3://.:443 {\n    whoami\n}\n', errors: [{ messageId: 'noTls', line: 4, column: 1 }] },
  ],
});
