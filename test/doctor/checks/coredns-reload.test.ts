import { cluster, testCheck } from '../check-tester.ts';

const START = (hash: string) => `.:53\n[INFO] plugin/reload: Running configuration SHA512 = ${hash}\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n`;
const OLD = '591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908';
const NEW = '26fe33ee13757f04c8c9a1caebd7c6f0614306c92089ea215f1a8663f95ff1e673d4fa5de544b31492231923d4679370ce8735823ce3b5e65e5c23a9029c4512';
const RELOADED = `[INFO] Reloading\n[INFO] plugin/reload: Running configuration SHA512 = ${NEW}\n[INFO] Reloading complete\n`;
const A = 'kube-system/coredns-7c65d6cfc9-4xkqz';
const B = 'kube-system/coredns-7c65d6cfc9-b8m2p';

testCheck('coredns-reload', [
  { name: 'both replicas reloaded the edit', inputs: cluster({ logs: { [A]: START(OLD) + RELOADED, [B]: START(OLD) + RELOADED } }), status: 'ok', evidence: ['every replica that logged a hash runs the same configuration', '26fe33ee13757f04...: coredns-7c65d6cfc9-4xkqz, coredns-7c65d6cfc9-b8m2p'] },
  {
    name: 'one replica still runs the old configuration',
    inputs: cluster({ logs: { [A]: START(OLD) + RELOADED, [B]: START(OLD) } }),
    status: 'warn',
    evidence: ['the replicas logged 2 different configurations', '591cf328cccc12bc...: coredns-7c65d6cfc9-b8m2p'],
  },
  { name: 'no reload plugin: no hash logged', inputs: cluster({ logs: { [A]: '.:53\nCoreDNS-1.11.3\n', [B]: '.:53\nCoreDNS-1.11.3\n' } }), status: 'skip', evidence: ['no configuration hash'] },
]);
