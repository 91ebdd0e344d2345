/**
 * The benchmark's API server, in its own process so its JSON encoding and TLS work never lands
 * in the measured CLI's wall time: test/harness/fake-apiserver.ts over HTTPS (kubectl sends its
 * token only over TLS), paginating by limit/continue like a real API server.
 *
 *   node bench/serve-fake-cluster.ts --services 10000 [--endpoints-per-slice 5] [--namespaces 100]
 *   node bench/serve-fake-cluster.ts --explain            (kubeadm fixture + nsd + dig "in the pod")
 *   [--latency MS]   added before answering every request
 *   [--http]         plain HTTP (client-node still sends its token; kubectl does not)
 *
 * Prints one JSON line when ready: {"url","kubeconfig","objects","dnsPort"?}. Then reads JSON
 * commands, one per line, on stdin and answers each with one JSON line on stdout:
 *   {"cmd":"log"}                 -> {"log":[{"method","path","upgrade","at","connectedAt"?}...]}  (and clears it)
 *   {"cmd":"latency","ms":50}     -> {"ok":true}
 * Exits when stdin closes (the benchmark dies, the server goes with it).
 */
import { execFile } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startFakeApiServer, type ExecScript, type FakeCluster } from '../test/harness/fake-apiserver.ts';
import { fixtureCluster, generateCluster } from '../test/harness/fixtures.ts';
import { writeKubeconfig } from '../test/harness/kubeconfig.ts';
import { selfSignedCert } from '../test/harness/tls.ts';
import { FIXTURE_ZONES, startDnsServer, type DnsServerHandle } from '../test/harness/dns-server.ts';

const { values } = parseArgs({
  options: {
    services: { type: 'string', default: '10000' },
    'endpoints-per-slice': { type: 'string', default: '5' },
    namespaces: { type: 'string', default: '100' },
    latency: { type: 'string', default: '0' },
    explain: { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
  },
});

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';
const HOSTS = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.2.9\tclient\n';

let dns: DnsServerHandle | undefined;
let cluster: FakeCluster;
if (values.explain) {
  // As test/cli/explain-live.test.ts: the pod default/client has dig, which really queries nsd.
  dns = await startDnsServer({ zones: FIXTURE_ZONES });
  cluster = fixtureCluster('kubeadm');
  cluster.files = { 'default/client': { '/etc/resolv.conf': RESOLV, '/etc/hosts': HOSTS, '/etc/os-release': 'ID=debian\n' } };
  cluster.kubelet = {
    'node-1': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
    'node-2': { clusterDNS: ['10.96.0.10'], clusterDomain: 'cluster.local', resolvConf: '/run/systemd/resolve/resolv.conf' },
  };
} else {
  cluster = generateCluster({
    services: Number(values.services),
    endpointsPerSlice: Number(values['endpoints-per-slice']),
    namespaces: Number(values.namespaces),
  });
}

const api = await startFakeApiServer(cluster, values.http ? {} : { tls: selfSignedCert() });
api.switches.latencyMs = Number(values.latency);
if (dns) {
  const server = dns;
  api.switches.exec.handler = (_pod: string, argv: string[]): Promise<ExecScript> | undefined => {
    if (argv[0] !== 'dig') return undefined;
    const args = ['-p', String(server.port), ...argv.slice(1).map((a) => (a === '@10.96.0.10' ? `@${server.host}` : a))];
    return new Promise((resolve) => {
      execFile('dig', args, { timeout: 20_000 }, (error, stdout, stderr) => {
        const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 0;
        resolve({ stdout, stderr, exitCode: code });
      });
    });
  };
  api.switches.portForward.target = { host: server.host, port: server.port };
}
const kubeconfig = writeKubeconfig(api, { namespace: 'default' });

const reply = (o: unknown): void => void process.stdout.write(JSON.stringify(o) + '\n');
reply({ url: api.url, kubeconfig, objects: cluster.items.length, ...(dns ? { dnsPort: dns.port } : {}) });

const shutdown = async (): Promise<void> => {
  await api.close();
  await dns?.stop();
  process.exit(0);
};
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let cmd: { cmd?: string; ms?: number };
  try {
    cmd = JSON.parse(line) as typeof cmd;
  } catch {
    return reply({ error: `not JSON: ${line}` });
  }
  if (cmd.cmd === 'log') {
    const ms = (t: number): number => Math.round(t * 10) / 10;
    const log = api.log.map((e) => ({
      method: e.method,
      path: e.path,
      upgrade: e.upgrade,
      at: ms(e.at),
      ...(e.connectedAt !== undefined ? { connectedAt: ms(e.connectedAt) } : {}),
    }));
    api.log.length = 0;
    return reply({ log });
  }
  if (cmd.cmd === 'latency') {
    api.switches.latencyMs = Number(cmd.ms ?? 0);
    return reply({ ok: true });
  }
  reply({ error: `unknown command ${String(cmd.cmd)}` });
});
lines.on('close', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
