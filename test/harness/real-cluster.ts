/**
 * A real cluster on loopback for the differential tests: etcd, kube-apiserver (TLS, RBAC, static
 * token users, an audit log), kwok as the nodes' kubelet server (exec and port-forward), and the
 * real CoreDNS whose `kubernetes` plugin reads that API server — all built from Go modules by
 * scripts/build-oracle.mjs, all bound to 127.0.0.1 high ports.
 *
 *   const cluster = await startRealCluster({ fixture: readFakeCluster(path) });
 *   ... run kubectl-dns with cluster.kubeconfig; query CoreDNS at cluster.dns ...
 *   await cluster.stop();
 *
 * What is staged, and how (each a deliberate stand-in for something the harness cannot run):
 * - Objects are created through the API exactly as the fixture has them (server-set metadata
 *   dropped), then the statuses of Pods and Nodes are written through their status subresource,
 *   so pod IPs and readiness are the fixture's. No kube-controller-manager runs unless asked:
 *   the fixture's EndpointSlices stay as written.
 * - Nodes are not managed by kwok (only nodes labelled kwok.x-k8s.io/managed=true are, for
 *   demo objects); each fixture node gets an extra address `InternalDNS 127.0.0.1` and kwok's
 *   port as its kubelet port, so the API server proxies exec and port-forward to kwok.
 * - Exec runs per-pod shims: `cat` reads the pod's own files (the fixture's `files` section, or
 *   the resolv.conf the kubelet writes for ClusterFirst) and `dig` is the system dig whose
 *   `@SERVER` is mapped like kube-proxy would: the kube-dns Service address and the CoreDNS
 *   pods' addresses to the real CoreDNS, anything else to a loopback socket that never answers.
 *   Nothing is ever sent to a cluster or pod address.
 * - Port-forward of port 53 of any kube-system pod goes to the real CoreDNS (TCP).
 * - The upstream (CoreDNS's `forward`) is NSD serving a root zone on loopback: names it holds
 *   answer, every other name is NXDOMAIN, as a public resolver answers names that do not exist.
 * - The kubelet's /configz is not served by kwok: live commands see it as unreadable.
 */
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { request as httpsRequest, Agent } from 'node:https';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { freePort, startDnsServer, type DnsServerHandle, type ZoneSpec } from './dns-server.ts';
import type { ApiObject, FakeCluster } from './fake-apiserver.ts';
import { oraclePath } from './oracle.ts';
import { startProcess, waitFor, type Proc } from './processes.ts';

export const SERVICE_CIDRS = '10.96.0.0/12,fd00:10:96::/108';
export const ADMIN_TOKEN = 'kdns-admin-token';
/** Token users besides the admin: a user with no roles, and one the tests bind roles to. */
export const USERS = {
  reader: { token: 'kdns-reader-token', name: 'dns-reader' },
  nobody: { token: 'kdns-nobody-token', name: 'nobody' },
} as const;

export interface RealClusterOptions {
  /** Objects (and per-pod files) to load, as `kubectl get -o yaml` prints them. */
  fixture?: FakeCluster;
  /** CoreDNS release to run; default the newest built. */
  corednsVersion?: '1.15.0' | '1.14.3';
  /** Start CoreDNS (default true; false when the fixture has no Corefile to run). */
  coredns?: boolean;
  /**
   * The Corefile to run instead of the fixture's; it is also written to ConfigMap
   * kube-system/coredns, so what kubectl-dns reads and what CoreDNS runs are the same.
   */
  corefile?: string;
  /** Records the upstream (the root zone NSD serves) holds, zone-file lines. */
  upstreamRecords?: string[];
  /** Also run kube-controller-manager (EndpointSlices, ServiceAccounts, Deployments). */
  controllerManager?: boolean;
}

export interface AuditEvent {
  verb: string;
  user: { username: string };
  requestURI: string;
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  stage: string;
  requestReceivedTimestamp: string;
  stageTimestamp: string;
}

export interface CoreDns {
  host: '127.0.0.1';
  port: number;
  /** The Corefile as it runs. */
  corefile: string;
  log(): string;
  stop(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  text: string;
}

export interface RealCluster {
  /** https://127.0.0.1:PORT */
  server: string;
  /** Admin kubeconfig (system:masters). */
  kubeconfig: string;
  /** A kubeconfig for one of USERS. */
  userKubeconfig(user: keyof typeof USERS): string;
  /** The real CoreDNS, UDP and TCP. */
  dns: { host: '127.0.0.1'; port: number };
  /** The Corefile CoreDNS runs (the fixture's, moved to loopback). */
  corefile: string;
  /** Another CoreDNS on the same API server, with another Corefile (moved to loopback too). */
  startCoreDns(corefile: string, version?: '1.15.0' | '1.14.3'): Promise<CoreDns>;
  /** A request as the admin (or a given token). */
  api(method: string, path: string, body?: unknown, opts?: { token?: string; contentType?: string }): Promise<ApiResponse>;
  /** Creates the objects (and writes their statuses); AlreadyExists is not an error. */
  apply(items: ApiObject[]): Promise<void>;
  /** The audit log's ResponseComplete events so far. */
  audit(): AuditEvent[];
  /** The last lines of a component's log. */
  log(component: 'etcd' | 'kube-apiserver' | 'kwok' | 'coredns' | 'kube-controller-manager'): string;
  stop(): Promise<void>;
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.error?.message ?? r.stderr}`);
}

/** A CA, the API server's serving certificate signed by it, and the service-account key pair. */
function makePki(dir: string): { ca: string } {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=kdns-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature']);
  openssl(dir, ['req', ...ec, '-subj', '/CN=kube-apiserver', '-keyout', 'apiserver.key', '-out', 'apiserver.csr']);
  writeFileSync(join(dir, 'apiserver.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' +
    'extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  openssl(dir, ['x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'apiserver.ext', '-out', 'apiserver.crt']);
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'sa.key']);
  openssl(dir, ['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  return { ca: readFileSync(join(dir, 'ca.crt'), 'utf8') };
}

function kubeconfigYaml(server: string, ca: string, user: string, token: string): string {
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'real', cluster: { server, 'certificate-authority-data': Buffer.from(ca).toString('base64') } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'real', context: { cluster: 'real', user } }],
    'current-context': 'real',
  });
}

/** The machine's first non-loopback IPv4 address: kube-apiserver must advertise one. */
function advertiseAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

/**
 * The fixture's Corefile moved onto loopback: every server listens on `port` bound to 127.0.0.1,
 * health/ready/prometheus on their own loopback ports, the kubernetes plugin reads the API
 * server through `kubeconfig`, and `forward` goes to the loopback upstream. Everything else —
 * zones, plugin order, options — is left as the fixture wrote it.
 */
export function loopbackCorefile(
  text: string,
  p: { port: number; health: number; ready: number; metrics: number; kubeconfig: string; upstream: string },
): string {
  const out: string[] = [];
  let depth = 0;
  let inKubernetes = -1;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '');
    const trimmed = line.trim();
    const words = trimmed.split(/\s+/);
    const opens = (trimmed.match(/\{/g) ?? []).length;
    const closes = (trimmed.match(/\}/g) ?? []).length;
    if (depth === 0 && trimmed.endsWith('{')) {
      const keys = trimmed.slice(0, -1).trim().split(/\s+/).map((k) => (/:\d+$/.test(k) ? k.replace(/:\d+$/, `:${p.port}`) : k));
      out.push(`${keys.join(' ')} {`, '    bind 127.0.0.1');
      depth += opens - closes;
      continue;
    }
    if (depth === 1 && words[0] === 'bind') continue;
    if (depth === 1 && words[0] === 'health') {
      out.push(`    health 127.0.0.1:${p.health}${trimmed.endsWith('{') ? ' {' : ''}`);
    } else if (depth === 1 && words[0] === 'ready') {
      out.push(`    ready 127.0.0.1:${p.ready}`);
    } else if (depth === 1 && words[0] === 'prometheus') {
      out.push(`    prometheus 127.0.0.1:${p.metrics}`);
    } else if (depth === 1 && words[0] === 'forward' && words.length >= 3) {
      out.push(`    forward ${words[1]} ${p.upstream}${trimmed.endsWith('{') ? ' {' : ''}`);
    } else if (depth === 1 && words[0] === 'kubernetes') {
      if (trimmed.endsWith('{')) {
        out.push(line, `        kubeconfig ${p.kubeconfig}`);
        inKubernetes = depth + 1;
      } else out.push(`${line} {`, `        kubeconfig ${p.kubeconfig}`, '    }');
    } else if (depth === inKubernetes && (words[0] === 'kubeconfig' || words[0] === 'endpoint')) {
      // replaced by the harness's kubeconfig
    } else out.push(raw);
    depth += opens - closes;
    if (inKubernetes > 0 && depth < inKubernetes) inKubernetes = -1;
  }
  return out.join('\n');
}

/** The resolv.conf the kubelet writes for a ClusterFirst pod (pkg/kubelet/network/dns/dns.go). */
function clusterFirstResolvConf(ns: string, domain: string, nameserver: string): string {
  return `search ${ns}.svc.${domain} svc.${domain} ${domain}\nnameserver ${nameserver}\noptions ndots:5\n`;
}

const SERVER_FIELDS = ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields', 'generation', 'selfLink', 'deletionTimestamp'];

function forCreate(o: ApiObject): ApiObject {
  const c = structuredClone(o) as Record<string, unknown>;
  const m = { ...(c['metadata'] as Record<string, unknown>) };
  for (const f of SERVER_FIELDS) delete m[f];
  delete m['ownerReferences']; // owners (ReplicaSets, ...) are not created by the harness
  c['metadata'] = m;
  delete c['status'];
  return c as ApiObject;
}

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass']);
const ORDER = ['Namespace', 'Node', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ConfigMap', 'Service', 'EndpointSlice', 'Endpoints'];

function resourcePath(o: ApiObject, named: boolean): string {
  const apiVersion = String(o['apiVersion']);
  const kind = String(o['kind']);
  const m = (o['metadata'] ?? {}) as { name?: string; namespace?: string };
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const plural = kind === 'Endpoints' ? 'endpoints' : kind === 'NetworkPolicy' ? 'networkpolicies' : `${kind.toLowerCase()}${kind.endsWith('s') ? 'es' : 's'}`;
  const ns = CLUSTER_SCOPED.has(kind) ? '' : `/namespaces/${m.namespace ?? 'default'}`;
  return `${base}${ns}/${plural}${named ? `/${m.name}` : ''}`;
}

export async function startRealCluster(opts: RealClusterOptions = {}): Promise<RealCluster> {
  const fixture = opts.fixture ?? { items: [] };
  const dir = mkdtempSync(join(tmpdir(), 'kdns-real-cluster-'));
  const procs: Partial<Record<string, Proc>> = {};
  /** Every CoreDNS started: the fixture's (procs.coredns too) and startCoreDns()'s. */
  const corednsProcs: Proc[] = [];
  let upstream: DnsServerHandle | undefined;
  let blackhole: Socket | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const stop = async (): Promise<void> => {
    // Reverse start order: clients of the API server first, etcd last.
    await Promise.all(corednsProcs.map((p) => p.stop()));
    for (const name of ['kwok', 'kube-controller-manager', 'kube-apiserver', 'etcd']) await procs[name]?.stop();
    await upstream?.stop();
    blackhole?.close();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await start();
  } catch (e) {
    await stop();
    throw e;
  }

  async function start(): Promise<RealCluster> {
    const bin = (name: Parameters<typeof oraclePath>[0]): string => {
      const p = oraclePath(name);
      if (!existsSync(p)) throw new Error(`real ${name} not built (${p}); run 'node scripts/build-oracle.mjs'`);
      return p;
    };
    const { ca } = makePki(dir);
    const [etcdClient, etcdPeer, apiPort, kwokPort, dnsPort, health, ready, metrics] = eight(await freePorts(8));
    const server = `https://127.0.0.1:${apiPort}`;
    const logFile = (n: string): string => join(dir, `${n}.log`);

    // etcd
    procs['etcd'] = startProcess('etcd', bin('etcd'), [
      '--name=node0', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=node0=http://127.0.0.1:${etcdPeer}`, '--unsafe-no-fsync', '--log-level=warn',
      '--listen-metrics-urls=', '--quota-backend-bytes=4294967296',
    ], { logFile: logFile('etcd') });
    await waitFor('etcd', async () => (await httpGet(`http://127.0.0.1:${etcdClient}/health`)).includes('"health":"true"'),
      { timeoutMs: 20_000, proc: procs['etcd'] });

    // kube-apiserver
    writeFileSync(join(dir, 'tokens.csv'), [
      `${ADMIN_TOKEN},admin,admin-uid,"system:masters"`,
      `${USERS.reader.token},${USERS.reader.name},reader-uid`,
      `${USERS.nobody.token},${USERS.nobody.name},nobody-uid`,
      `kdns-kwok-token,system:kwok,kwok-uid,"system:masters"`,
    ].join('\n') + '\n');
    writeFileSync(join(dir, 'audit-policy.yaml'), 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived, ResponseStarted]\nrules:\n- level: Metadata\n');
    const advertise = advertiseAddress();
    procs['kube-apiserver'] = startProcess('kube-apiserver', bin('kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1', `--secure-port=${apiPort}`,
      ...(advertise ? [`--advertise-address=${advertise}`] : []),
      `--tls-cert-file=${join(dir, 'apiserver.crt')}`, `--tls-private-key-file=${join(dir, 'apiserver.key')}`,
      `--client-ca-file=${join(dir, 'ca.crt')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      `--service-cluster-ip-range=${SERVICE_CIDRS}`,
      '--allow-privileged=true',
      ...(opts.controllerManager ? [] : ['--disable-admission-plugins=ServiceAccount']),
      '--kubelet-preferred-address-types=InternalDNS,InternalIP,Hostname',
      `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`, `--audit-log-path=${join(dir, 'audit.log')}`,
      '--audit-log-mode=blocking',
      '--profiling=false',
    ], { logFile: logFile('kube-apiserver') });

    const api = (method: string, path: string, body?: unknown, o: { token?: string; contentType?: string } = {}): Promise<ApiResponse> =>
      new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
        const req = httpsRequest(`${server}${path}`, {
          method, agent, ca, timeout: 30_000,
          headers: {
            authorization: `Bearer ${o.token ?? ADMIN_TOKEN}`,
            accept: 'application/json',
            ...(data !== undefined ? { 'content-type': o.contentType ?? 'application/json' } : {}),
          },
        }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try { parsed = JSON.parse(text); } catch { /* not JSON */ }
            resolve({ status: res.statusCode ?? 0, body: parsed, text });
          });
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
        req.on('error', reject);
        req.end(data);
      });
    await waitFor('kube-apiserver', async () => (await api('GET', '/readyz')).status === 200,
      { timeoutMs: 60_000, everyMs: 200, proc: procs['kube-apiserver'] });

    const kubeconfig = join(dir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(server, ca, 'admin', ADMIN_TOKEN));
    const kwokKubeconfig = join(dir, 'kwok.kubeconfig');
    writeFileSync(kwokKubeconfig, kubeconfigYaml(server, ca, 'system:kwok', 'kdns-kwok-token'));
    const userKubeconfig = (u: keyof typeof USERS): string => {
      const p = join(dir, `${u}.kubeconfig`);
      if (!existsSync(p)) writeFileSync(p, kubeconfigYaml(server, ca, USERS[u].name, USERS[u].token));
      return p;
    };

    if (opts.controllerManager) {
      procs['kube-controller-manager'] = startProcess('kube-controller-manager', bin('kube-controller-manager'), [
        `--kubeconfig=${kubeconfig}`, `--service-account-private-key-file=${join(dir, 'sa.key')}`,
        `--root-ca-file=${join(dir, 'ca.crt')}`, '--bind-address=127.0.0.1', '--secure-port=0', '--leader-elect=false',
        '--controllers=*,-nodeipam,-nodelifecycle', `--service-cluster-ip-range=${SERVICE_CIDRS}`,
      ], { logFile: logFile('kube-controller-manager') });
    }

    // The DNS the fixture describes.
    const items = fixture.items.filter((o) => o && typeof o === 'object' && o['metadata']);
    const corefileCm = items.find((o) => o['kind'] === 'ConfigMap' && (o['metadata'] as { name?: string; namespace?: string }).namespace === 'kube-system'
      && ['coredns', 'kube-dns'].includes(String((o['metadata'] as { name?: string }).name)));
    const fixtureCorefile = opts.corefile ?? (corefileCm?.['data'] as Record<string, string> | undefined)?.['Corefile'];
    if (opts.corefile !== undefined) {
      const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: opts.corefile } };
      const i = corefileCm ? items.indexOf(corefileCm) : -1;
      if (i >= 0) items.splice(i, 1, cm);
      else items.push(cm);
    }
    const domain = /kubernetes\s+(\S+)/.exec(fixtureCorefile ?? '')?.[1]?.replace(/\.$/, '') ?? 'cluster.local';
    const dnsService = items.find((o) => o['kind'] === 'Service' && ((o['metadata'] as { labels?: Record<string, string> }).labels ?? {})['k8s-app'] === 'kube-dns');
    const dnsServiceIps: string[] = ((dnsService?.['spec'] as { clusterIPs?: string[] } | undefined)?.clusterIPs ?? []);
    const corednsPodIps = items
      .filter((o) => o['kind'] === 'Pod' && ((o['metadata'] as { labels?: Record<string, string> }).labels ?? {})['k8s-app'] === 'kube-dns')
      .flatMap((o) => ((o['status'] as { podIPs?: { ip: string }[] } | undefined)?.podIPs ?? []).map((x) => x.ip));

    // The upstream: NSD with a root zone, so every name outside it is NXDOMAIN.
    const rootZone: ZoneSpec = {
      name: '.',
      text: ['$TTL 300', '. IN SOA a.root-servers.test. hostmaster.test. 1 3600 600 86400 300', '. IN NS a.root-servers.test.',
        'a.root-servers.test. IN A 127.0.0.53', ...(opts.upstreamRecords ?? [])].join('\n') + '\n',
    };
    upstream = await startDnsServer({ zones: [rootZone] });
    // A loopback socket that takes queries and never answers: where kube-proxy has no rule.
    blackhole = createSocket('udp4');
    await new Promise<void>((r) => blackhole!.bind(0, '127.0.0.1', () => r()));
    const blackholePort = (blackhole.address() as { port: number }).port;

    // kwok: exec shims per pod, port-forward of CoreDNS pods to the real CoreDNS.
    const podsDir = join(dir, 'pods');
    const pods = items.filter((o) => o['kind'] === 'Pod');
    const docs: unknown[] = [{
      kind: 'KwokConfiguration', apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      // A config file's options replace kwok's defaults, zeros included: name what must not be 0.
      options: { enableDebuggingHandlers: true, nodeLeaseParallelism: 4, nodeLeaseDurationSeconds: 40, podPlayStageParallelism: 4, nodePlayStageParallelism: 4, podsOnNodeSyncParallelism: 4 },
    }, ...KWOK_STAGES];
    for (const pod of pods) {
      const m = pod['metadata'] as { name: string; namespace?: string };
      const ns = m.namespace ?? 'default';
      const root = join(podsDir, ns, m.name);
      mkdirSync(join(root, 'etc'), { recursive: true });
      const files = fixture.files?.[`${ns}/${m.name}`] ?? {};
      const spec = (pod['spec'] ?? {}) as { dnsPolicy?: string; hostNetwork?: boolean };
      if (!files['/etc/resolv.conf'] && (spec.dnsPolicy ?? 'ClusterFirst') === 'ClusterFirst' && !spec.hostNetwork && dnsServiceIps[0]) {
        files['/etc/resolv.conf'] = clusterFirstResolvConf(ns, domain, dnsServiceIps[0]);
      }
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      const containers = ((pod['spec'] as { containers?: { name: string }[] }).containers ?? []).map((c) => c.name);
      docs.push({
        kind: 'Exec', apiVersion: 'kwok.x-k8s.io/v1alpha1', metadata: { name: m.name, namespace: ns },
        spec: { execs: [{ containers, local: { workDir: root } }] },
      });
    }
    docs.push({
      kind: 'ClusterPortForward', apiVersion: 'kwok.x-k8s.io/v1alpha1', metadata: { name: 'coredns' },
      spec: { selector: { matchNamespaces: ['kube-system'] }, forwards: [{ ports: [53], target: { address: '127.0.0.1', port: dnsPort } }] },
    });
    writeFileSync(join(dir, 'kwok.yaml'), docs.map((d) => yaml.dump(d)).join('---\n'));
    // kwok looks the command up on its own PATH (Go's exec.Command), then runs it in the pod's
    // folder: the shims come first on kwok's PATH and find the pod by their working directory.
    const shimDir = join(dir, 'shim-bin');
    mkdirSync(shimDir);
    writeShims(shimDir, { dnsPort, blackholePort, toCoreDns: [...dnsServiceIps, ...corednsPodIps] });
    procs['kwok'] = startProcess('kwok', bin('kwok'), [
      `--kubeconfig=${kwokKubeconfig}`, `--config=${join(dir, 'kwok.yaml')}`,
      '--manage-all-nodes=false', '--manage-nodes-with-label-selector=kwok.x-k8s.io/managed=true',
      `--server-address=127.0.0.1:${kwokPort}`, '--node-ip=127.0.0.1', `--node-port=${kwokPort}`,
      '--cidr=10.250.0.0/16',
    ], { logFile: logFile('kwok'), env: { ...process.env, PATH: `${shimDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}` } });
    await waitFor('kwok', async () => (await httpGet(`https://127.0.0.1:${kwokPort}/healthz`, true)).includes('ok'),
      { timeoutMs: 20_000, proc: procs['kwok'] });

    const cluster: RealCluster = {
      server,
      kubeconfig,
      userKubeconfig,
      dns: { host: '127.0.0.1', port: dnsPort },
      corefile: '',
      startCoreDns: () => Promise.reject(new Error('not started')),
      api,
      apply: (objs) => apply(api, objs, kwokPort),
      audit: () => readAudit(join(dir, 'audit.log')),
      log: (c) => procs[c]?.log(60) ?? '',
      stop,
    };
    await cluster.apply(items);

    const startCoreDns = async (text: string, version: '1.15.0' | '1.14.3' = opts.corednsVersion ?? '1.15.0', port?: number): Promise<CoreDns> => {
      const [p, h, r, m] = port ? [port, health, ready, metrics] : await freePorts(4);
      const corefile = loopbackCorefile(text, { port: p!, health: h!, ready: r!, metrics: m!, kubeconfig, upstream: `127.0.0.1:${upstream!.port}` });
      const cdir = mkdtempSync(join(dir, 'coredns-'));
      writeFileSync(join(cdir, 'Corefile'), corefile);
      const proc = startProcess('coredns', bin(`coredns-${version}`), ['-conf', join(cdir, 'Corefile'), '-dns.port', String(p)],
        { logFile: join(cdir, 'coredns.log'), cwd: cdir });
      corednsProcs.push(proc);
      if (port === dnsPort) procs['coredns'] = proc;
      await waitFor('coredns', async () => (await httpGet(`http://127.0.0.1:${r}/ready`)).trim() === 'OK', { timeoutMs: 20_000, proc });
      return { host: '127.0.0.1', port: p!, corefile, log: () => proc.log(60), stop: () => proc.stop() };
    };
    cluster.startCoreDns = (text, version) => startCoreDns(text, version);
    if (opts.coredns !== false && fixtureCorefile) {
      cluster.corefile = (await startCoreDns(fixtureCorefile, opts.corednsVersion ?? '1.15.0', dnsPort)).corefile;
    }
    return cluster;
  }
}

/**
 * kwok refuses to start without stages. These apply only to nodes labelled
 * kwok.x-k8s.io/managed=true (demo objects; fixture nodes are left alone): such a node becomes
 * Ready, and a pod bound to it Running and Ready with an address from the node's pod CIDR.
 */
const KWOK_STAGES = [
  {
    kind: 'Stage', apiVersion: 'kwok.x-k8s.io/v1alpha1', metadata: { name: 'kdns-node-ready' },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Node' },
      selector: { matchExpressions: [{ key: '.status.phase', operator: 'NotIn', values: ['Running'] }] },
      next: {
        statusTemplate: [
          'phase: Running',
          'conditions:',
          '- type: Ready',
          '  status: "True"',
          '  reason: KubeletReady',
          '  message: kwok stands in for the kubelet',
          '  lastHeartbeatTime: {{ Now | Quote }}',
          '  lastTransitionTime: {{ Now | Quote }}',
        ].join('\n'),
      },
    },
  },
  {
    kind: 'Stage', apiVersion: 'kwok.x-k8s.io/v1alpha1', metadata: { name: 'kdns-pod-running' },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Pod' },
      selector: { matchExpressions: [{ key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' }, { key: '.status.phase', operator: 'In', values: ['Pending'] }] },
      next: {
        statusTemplate: [
          'phase: Running',
          'podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}',
          'conditions:',
          '- type: Ready',
          '  status: "True"',
          '  lastTransitionTime: {{ Now | Quote }}',
          '- type: ContainersReady',
          '  status: "True"',
          '  lastTransitionTime: {{ Now | Quote }}',
        ].join('\n'),
      },
    },
  },
];

/**
 * `cat` reads the pod's own files (kwok runs it in the pod's folder, the files under it); `dig`
 * asks the real CoreDNS where kube-proxy would send it.
 */
function writeShims(binDir: string, m: { dnsPort: number; blackholePort: number; toCoreDns: string[] }): void {
  const cat = `#!/bin/sh
# kubectl-dns test harness: cat inside a staged pod reads the pod's files, never the host's.
status=0
for f in "$@"; do
  case "$f" in
    /*) if [ -f "$PWD$f" ]; then /bin/cat -- "$PWD$f"; else echo "cat: can't open '$f': No such file or directory" >&2; status=1; fi ;;
    *) echo "cat: unsupported argument in the harness: $f" >&2; status=2 ;;
  esac
done
exit $status
`;
  const toCoreDns = m.toCoreDns.length ? m.toCoreDns.map((ip) => `@${ip}`).join('|') : '@__none__';
  const dig = `#!/bin/bash
# kubectl-dns test harness: dig inside a staged pod. Its @SERVER is mapped as kube-proxy maps it:
# the kube-dns Service and the CoreDNS pods to the real CoreDNS on loopback, anything else to a
# loopback socket that never answers. No query ever leaves 127.0.0.1.
out=()
server=0
for a in "$@"; do
  case "$a" in
    ${toCoreDns}) out+=("@127.0.0.1" "-p" "${m.dnsPort}"); server=1 ;;
    @*) out+=("@127.0.0.1" "-p" "${m.blackholePort}"); server=1 ;;
    -p*) ;;
    *) out+=("$a") ;;
  esac
done
if [ $server = 0 ]; then out=("@127.0.0.1" "-p" "${m.blackholePort}" "\${out[@]}"); fi
exec /usr/bin/dig "\${out[@]}"
`;
  writeFileSync(join(binDir, 'cat'), cat);
  writeFileSync(join(binDir, 'dig'), dig);
  chmodSync(join(binDir, 'cat'), 0o755);
  chmodSync(join(binDir, 'dig'), 0o755);
}

async function apply(api: RealCluster['api'], objs: ApiObject[], kubeletPort: number): Promise<void> {
  const rank = (o: ApiObject): number => {
    const i = ORDER.indexOf(String(o['kind']));
    return i < 0 ? ORDER.length : i;
  };
  const sorted = [...objs].filter((o) => o && typeof o === 'object' && o['metadata']).sort((a, b) => rank(a) - rank(b));
  // Objects of one kind go in parallel (bounded), kinds in order.
  for (let i = 0; i < sorted.length;) {
    const kind = sorted[i]!['kind'];
    let j = i;
    while (j < sorted.length && sorted[j]!['kind'] === kind) j++;
    const batch = sorted.slice(i, j);
    for (let k = 0; k < batch.length; k += 32) {
      await Promise.all(batch.slice(k, k + 32).map((o) => applyOne(api, o, kubeletPort)));
    }
    i = j;
  }
}

async function applyOne(api: RealCluster['api'], o: ApiObject, kubeletPort: number): Promise<void> {
  const body = forCreate(o);
  const r = await api('POST', resourcePath(o, false), body);
  // Already there: the default namespaces, and what the API server makes itself (the `kubernetes`
  // Service, refused with 422 for its address before the name is checked, and its endpoints).
  if (r.status === 409 || (r.status === 422 && (await api('GET', resourcePath(o, true))).status === 200)) return;
  if (r.status >= 300) {
    const m = o['metadata'] as { name?: string; namespace?: string };
    throw new Error(`creating ${String(o['kind'])} ${m.namespace ?? ''}/${m.name}: HTTP ${r.status} ${(r.body as { message?: string })?.message ?? r.text}`);
  }
  let status = o['status'] as Record<string, unknown> | undefined;
  if (o['kind'] === 'Pod' && status && 'qosClass' in status) {
    // set by the API server from the containers' resources at creation, immutable after
    status = { ...status };
    delete status['qosClass'];
  }
  if (o['kind'] === 'Node') {
    status = structuredClone(status ?? {});
    const addresses = ((status['addresses'] as { type: string; address: string }[] | undefined) ?? []).filter((a) => a.type !== 'InternalDNS');
    status['addresses'] = [{ type: 'InternalDNS', address: '127.0.0.1' }, ...addresses];
    status['daemonEndpoints'] = { kubeletEndpoint: { Port: kubeletPort } };
  }
  if (status && ['Pod', 'Node', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(String(o['kind']))) {
    const s = await api('PATCH', `${resourcePath(o, true)}/status`, { status }, { contentType: 'application/merge-patch+json' });
    if (s.status >= 300) throw new Error(`writing the status of ${String(o['kind'])} ${resourcePath(o, true)}: HTTP ${s.status} ${s.text}`);
  }
}

function readAudit(path: string): AuditEvent[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEvent)
    .filter((e) => e.stage === 'ResponseComplete');
}

async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

function eight(p: number[]): [number, number, number, number, number, number, number, number] {
  if (p.length !== 8) throw new Error('freePorts: expected 8');
  return p as [number, number, number, number, number, number, number, number];
}

function httpGet(url: string, insecure = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { timeout: 2000, ...(insecure ? { rejectUnauthorized: false } : {}) }, (res) => {
      let s = '';
      res.on('data', (c: Buffer) => (s += c.toString()));
      res.on('end', () => resolve(s));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
