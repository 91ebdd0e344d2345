import { assertFirstError, findingTester } from '../finding-tester.ts';
import { crashLoopCoreDns, inputs, withNodes } from '../scenario.ts';

const b = withNodes();
const loopLog = [
  '.:53',
  '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
  'CoreDNS-1.11.3',
  'linux/amd64, go1.21.11, a6338e9',
  '[FATAL] plugin/loop: Loop (127.0.0.1:49443 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting. Query: "HINFO 4547991504243258144.3688648895315093531."',
  '',
].join('\n');
const healthyLog = '.:53\n[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n';

findingTester('coredns-loop-detected', {
  fires: [
    {
      name: 'Ubuntu nodes with systemd-resolved: forward . /etc/resolv.conf sends queries to 127.0.0.53, back to CoreDNS',
      inputs: inputs('web.shop', crashLoopCoreDns(b), { corednsLogs: { 'coredns-7c65d6cfc9-4xkqz': loopLog, 'coredns-7c65d6cfc9-b8m2p': healthyLog } }),
      message: ['coredns-7c65d6cfc9-4xkqz', 'Loop (127.0.0.1:49443 -> :53) detected for zone "."'],
      hint: ['/run/systemd/resolve/resolv.conf'],
      severity: 'error',
      count: 1,
      // The loop is why the pod crash-loops: it comes before coredns-not-ready, which reports the state.
      also: (r) => assertFirstError(r, 'coredns-loop-detected'),
    },
  ],
  quiet: [
    { name: 'CoreDNS logs without a loop', inputs: inputs('web.shop', b, { corednsLogs: { 'coredns-7c65d6cfc9-4xkqz': healthyLog } }) },
    { name: 'logs could not be read', inputs: inputs('web.shop', b) },
  ],
});
