/**
 * Whole-diagnosis scenarios over the kubeadm fixture cluster: resolved or not, the answer, the
 * exact ordered list of names the pod's resolver sends, and the root cause first among errors.
 * Every result is also checked against the JSON shape of /work/shared/CONTRACT.md.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/explain/diagnose.ts';
import type { ExplainInputs } from '../../src/explain/inputs.ts';
import type { ExplainResult } from '../../src/explain/types.ts';
import type { ClusterView } from '../../src/model/view.ts';
import { assertFirstError } from './finding-tester.ts';
import {
  CLIENT, SHOP_POD, base, clusterResolvConf, editPod, editService, emptyDnsEndpoints, execFiles, inputs, obs, obsPair, scaleCoreDns, withKubelet, withNodeResolvConf, withNodes, withObjects,
} from './scenario.ts';

const b = withNodes();

/** The IPv6 EndpointSlice a dual-stack cluster adds beside shop/db's IPv4 one (same endpoints, IPv6 addresses). */
function withIpv6Slice(view: ClusterView): ClusterView {
  const v = structuredClone(view);
  const v4 = v.endpointSlices.find((x) => x.namespace === 'shop' && x.serviceName === 'db')!;
  const v6 = ['fd00:10:244:1::14', 'fd00:10:244:1::15'];
  v.endpointSlices.push({ ...structuredClone(v4), name: 'db-v6x2q', addressType: 'IPv6', endpoints: v4.endpoints.map((e, i) => ({ ...structuredClone(e), addresses: [v6[i]!] })) });
  return v;
}

/** Service shop/web with these ClusterIPs (spec.clusterIPs and ipFamilies as a dual-stack or IPv6-only cluster sets them). */
function dualStack(view: ClusterView, ips: string[]): ClusterView {
  return editService(view, 'shop', 'web', (svc) => {
    svc.clusterIPs = ips;
    svc.ipFamilies = ips.map((ip) => (ip.includes(':') ? 'IPv6' : 'IPv4'));
  });
}

/** The node-local-dns ConfigMap of the upstream manifest, with the `.:53` block's forward line given. */
function withNodeLocalConfigMap(view: ClusterView, forward: string): ClusterView {
  const v = structuredClone(view);
  const corefile = `cluster.local:53 {\n    cache 30\n    forward . __PILLAR__CLUSTER__DNS__ {\n        force_tcp\n    }\n}\n.:53 {\n    errors\n    cache 30\n    reload\n    loop\n    bind 169.254.20.10 10.96.0.10\n    ${forward}\n}\n`;
  v.configMaps.push({ namespace: 'kube-system', name: 'node-local-dns', data: { Corefile: corefile } });
  return v;
}
const SEARCH = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lab.example.internal'];
const expand = (name: string, search = SEARCH) => [...search.map((d) => `${name}.${d}.`), `${name}.`];

// ---- CONTRACT.md shape ----------------------------------------------------------------------

const STATUSES = ['NOERROR', 'NODATA', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'TIMEOUT'];
type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const bool: Check = (v) => typeof v === 'boolean';
const int: Check = (v) => Number.isInteger(v);
const strs: Check = (v) => Array.isArray(v) && v.every(str);
const oneOf = (...xs: unknown[]): Check => (v) => xs.includes(v);
const status: Check = (v) => v === null || STATUSES.includes(v as string);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fields(where: string, v: unknown, spec: Record<string, Check>, problems: string[]): void {
  if (!isObj(v)) {
    problems.push(`${where} is not an object`);
    return;
  }
  for (const [k, check] of Object.entries(spec)) {
    if (!(k in v)) problems.push(`${where}.${k} is missing`);
    else if (!check(v[k])) problems.push(`${where}.${k} has the wrong type: ${JSON.stringify(v[k])}`);
  }
}

/** Problems with a parsed `explain -o json` document against CONTRACT.md (empty = conforms). */
export function contractProblems(doc: unknown): string[] {
  const p: string[] = [];
  fields('$', doc, { name: str, from: str, resolved: bool, answer: (v) => v === null || isObj(v), resolvConf: isObj, queries: Array.isArray, steps: Array.isArray, findings: Array.isArray }, p);
  if (!isObj(doc)) return p;
  if (doc['answer'] !== null) fields('answer', doc['answer'], { source: oneOf('hosts-file', 'cluster-dns', 'upstream', 'literal'), fqdn: str, addresses: strs, cname: strs }, p);
  if (doc['resolved'] === true && doc['answer'] === null) p.push('resolved without an answer');
  fields('resolvConf', doc['resolvConf'], { nameservers: strs, search: strs, ndots: int, origin: oneOf('exec', 'computed') }, p);
  (doc['queries'] as unknown[] ?? []).forEach((q, i) => fields(`queries[${i}]`, q, { fqdn: (v) => str(v) && (v as string).endsWith('.'), type: oneOf('A', 'AAAA'), predicted: status, observed: status, answers: strs }, p));
  fields('verdict', doc['verdict'], { status: oneOf('resolves', 'does-not-resolve', 'undetermined'), assumptions: Array.isArray }, p);
  if (isObj(doc['verdict'])) {
    ((doc['verdict'] as Record<string, unknown>)['assumptions'] as unknown[] ?? []).forEach((a, i) =>
      fields(`verdict.assumptions[${i}]`, a, { fqdn: str, type: str, assumed: status, why: str, ifWrong: str }, p));
  }
  (doc['steps'] as unknown[] ?? []).forEach((s, i) => fields(`steps[${i}]`, s, { title: str, status: oneOf('ok', 'warn', 'fail', 'skip'), detail: str }, p));
  (doc['findings'] as unknown[] ?? []).forEach((f, i) => {
    fields(`findings[${i}]`, f, { id: (v) => str(v) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v as string), severity: oneOf('error', 'warning', 'info'), message: (v) => str(v) && (v as string).length > 0 }, p);
    if (isObj(f) && 'hint' in f && !str(f['hint'])) p.push(`findings[${i}].hint is not a string`);
  });
  return p;
}

// ---- scenarios ------------------------------------------------------------------------------

interface Scenario {
  name: string;
  inputs: ExplainInputs;
  resolved: boolean;
  addresses?: string[];
  source?: 'hosts-file' | 'cluster-dns' | 'upstream';
  queries: string[];
  predicted?: (string | null)[];
  /** The root cause: first among the errors. */
  rootCause?: string;
  /** Ids that must be in the report. */
  reports?: string[];
  undetermined?: boolean;
  also?: (r: ExplainResult) => void;
}

const via = { kind: 'pod-exec' as const, detail: 'dig in container client' };

const SCENARIOS: Scenario[] = [
  {
    name: '`web` from its own namespace resolves on the first candidate',
    inputs: inputs('web', b, { from: { ...SHOP_POD } }),
    resolved: true,
    source: 'cluster-dns',
    addresses: ['10.96.12.7'],
    queries: ['web.shop.svc.cluster.local.'],
    predicted: ['NOERROR'],
  },
  {
    name: '`web` from another namespace does not resolve: the Service lives in shop',
    inputs: inputs('web', b),
    resolved: false,
    // The cluster search domains are NXDOMAIN; the node's domain goes upstream (unknown offline), then the rest.
    queries: expand('web'),
    // The node's search domain and the bare label go upstream: their NXDOMAIN is assumed, and said.
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN'],
    rootCause: 'name-in-other-namespace',
    undetermined: false,
    also: (r) => {
      assert.equal(r.verdict.status, 'does-not-resolve');
      assert.deepEqual(r.queries.map((q) => q.assumed ?? false), [false, false, false, true, true]);
      // `web.lab.example.internal` may be a host of the node's network: the verdict says so.
      const node = r.verdict.assumptions.find((a) => a.fqdn === 'web.lab.example.internal.')!;
      assert.equal(node.assumed, 'NXDOMAIN');
      assert.match(node.ifWrong, /lab\.example\.internal's DNS has a host web\.lab\.example\.internal\./);
    },
  },
  {
    name: '`web` from another namespace, no search domain outside the cluster: a plain no',
    inputs: inputs('web', withNodeResolvConf(b, 'nameserver 192.168.56.1\n')),
    resolved: false,
    queries: [...expand('web', SEARCH.slice(0, 3))],
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN'],
    rootCause: 'name-in-other-namespace',
    // Only `web.` (a top-level name) is left to the upstream: NXDOMAIN, assumed.
    undetermined: false,
    also: (r) => assert.deepEqual(r.verdict.assumptions.map((a) => `${a.fqdn} ${a.type} ${a.assumed}`), ['web. A NXDOMAIN']),
  },
  {
    name: 'dnsPolicy Default and a single label: `web.lab.example.internal` may be a corporate host, unproven offline',
    inputs: inputs('web', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'Default'; })),
    resolved: false,
    queries: ['web.lab.example.internal.', 'web.'],
    rootCause: 'dns-policy-default',
    undetermined: true,
  },
  {
    name: '`web.shop` resolves on the second candidate',
    inputs: inputs('web.shop', b),
    resolved: true,
    source: 'cluster-dns',
    addresses: ['10.96.12.7'],
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.'],
    predicted: ['NXDOMAIN', 'NOERROR'],
  },
  {
    name: '`web.shop.svc.cluster.local` (4 dots < ndots 5) still walks the search list first',
    inputs: inputs('web.shop.svc.cluster.local', b, { podFiles: execFiles(clusterResolvConf('default')), getaddrinfo: true }),
    resolved: true,
    addresses: ['10.96.12.7'],
    // getaddrinfo: A and AAAA for each name; the Service is IPv4-only, so its AAAA is NODATA.
    queries: expand('web.shop.svc.cluster.local', SEARCH.slice(0, 3)).flatMap((n) => [n, n]),
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NOERROR', 'NODATA'],
    reports: ['ndots-cost'],
    also: (r) => {
      assert.equal(r.resolvConf.origin, 'exec');
      assert.match(r.findings.find((f) => f.id === 'ndots-cost')!.message, /so 6 queries fail/);
    },
  },
  {
    name: 'a trailing dot sends exactly one query',
    inputs: inputs('web.shop.svc.cluster.local.', b),
    resolved: true,
    addresses: ['10.96.12.7'],
    queries: ['web.shop.svc.cluster.local.'],
    also: (r) => assert.equal(r.findings.some((f) => f.id === 'ndots-cost'), false),
  },
  {
    name: '`google.com` offline: resolves, provided the upstream answers it and not the node-domain name',
    inputs: inputs('google.com', b),
    resolved: true,
    undetermined: false,
    source: 'upstream',
    addresses: [],
    queries: expand('google.com'),
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NOERROR'],
    reports: ['ndots-cost'],
    also: (r) => {
      assert.equal(r.verdict.status, 'resolves');
      assert.deepEqual(r.verdict.assumptions.map((a) => `${a.fqdn} ${a.assumed}`), ['google.com.lab.example.internal. NXDOMAIN', 'google.com. NOERROR']);
      assert.match(r.verdict.assumptions[0]!.ifWrong, /wildcard record for \*\.lab\.example\.internal/);
      assert.equal(r.queries.at(-1)!.via, '.:53 forward');
      assert.deepEqual(r.findings.filter((f) => f.severity === 'error'), [], 'nothing is wrong, it just cannot be proven offline');
    },
  },
  {
    name: '`google.com` with observed answers resolves via upstream; ndots-cost counts 8 wasted queries',
    inputs: inputs('google.com', b, {
      queriedVia: via,
      getaddrinfo: true,
      observed: [...SEARCH.flatMap((d) => obsPair(`google.com.${d}.`, 'NXDOMAIN')), ...obsPair('google.com.', 'NOERROR', ['142.250.74.46'], ['2a00:1450:4001:82f::200e'])],
    }),
    resolved: true,
    source: 'upstream',
    addresses: ['142.250.74.46', '2a00:1450:4001:82f::200e'],
    queries: expand('google.com').flatMap((n) => [n, n]),
    reports: ['ndots-cost'],
    also: (r) => {
      assert.deepEqual(r.queries.map((q) => `${q.type} ${q.observed}`), [...Array(4).fill(['A NXDOMAIN', 'AAAA NXDOMAIN']).flat(), 'A NOERROR', 'AAAA NOERROR']);
      assert.deepEqual(r.verdict.assumptions, [], 'every assumption was turned into a fact by the real queries');
      const cost = r.findings.find((f) => f.id === 'ndots-cost')!;
      assert.match(cost.message, /google\.com has 1 dot\(s\), fewer than ndots 5, so 8 queries fail before google\.com\. answers/);
      assert.equal(r.queriedVia?.kind, 'pod-exec');
      assert.equal(r.undetermined, undefined);
    },
  },
  {
    name: 'a musl (Alpine) pod: NODATA for shop.svc.cluster.local aborts the walk',
    inputs: inputs('shop', withObjects(b, 'alpine-pod.yaml'), { from: { namespace: 'default', pod: 'tools' } }),
    resolved: false,
    queries: ['shop.default.svc.cluster.local.', 'shop.svc.cluster.local.'],
    predicted: ['NXDOMAIN', 'NODATA'],
    reports: ['musl-search-abort'],
    also: (r) => {
      assert.match(r.steps[0]!.detail, /musl \(guessed from the image\)/);
      assert.equal(r.findings.filter((f) => f.severity !== 'info')[0]?.id, 'musl-search-abort');
      assert.equal(r.undetermined, undefined, 'the walk ended: the resolver reports NODATA');
    },
  },
  {
    name: 'hostAliases answer from /etc/hosts: no DNS query at all',
    inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.hostAliases = [{ ip: '10.96.99.1', hostnames: ['web.shop'] }]; })),
    resolved: true,
    source: 'hosts-file',
    addresses: ['10.96.99.1'],
    queries: [],
    reports: ['host-alias-shadows-service'],
    also: (r) => assert.equal(r.answer?.fqdn, 'web.shop.', 'the hostAliases name as the kubelet writes it'),
  },
  {
    // glibc files-hosts.c compares the name as passed (__strcasecmp): `web.shop.` is not the line `web.shop`.
    name: 'hostAliases `web.shop` does not answer `web.shop.` (trailing dot): the one query goes to DNS',
    inputs: inputs('web.shop.', editPod(b, CLIENT, (p) => { p.hostAliases = [{ ip: '10.96.99.1', hostnames: ['web.shop'] }]; })),
    resolved: false,
    queries: ['web.shop.'],
    // CoreDNS forwards `web.shop.` upstream: NXDOMAIN assumed (a cluster name is no public name), though .shop is a real TLD.
    undetermined: false,
    predicted: ['NXDOMAIN'],
    also: (r) => assert.match(r.verdict.assumptions[0]!.ifWrong, /\.shop may be a real top-level domain/),
  },
  {
    name: 'a StatefulSet pod asks its own hostname: /etc/hosts answers with its FQDN as the canonical name',
    inputs: inputs('db-0', b, { from: { namespace: 'shop', pod: 'db-0' } }),
    resolved: true,
    source: 'hosts-file',
    addresses: ['10.244.1.20'],
    queries: [],
    // The kubelet writes "10.244.1.20<TAB>db-0.db.shop.svc.cluster.local<TAB>db-0": the first name is what the C library returns.
    also: (r) => {
      assert.equal(r.answer?.fqdn, 'db-0.db.shop.svc.cluster.local.');
      assert.match(r.steps.find((s) => s.title === '/etc/hosts')!.detail, /answers db-0 with 10\.244\.1\.20 \(line \d+, canonical name db-0\.db\.shop\.svc\.cluster\.local\)/);
    },
  },
  {
    name: 'an image\'s /etc/hosts lists the name as an alias: the answer is the line\'s canonical name, as written',
    inputs: inputs('web.shop', b, { podFiles: execFiles(clusterResolvConf('default'), '127.0.0.1\tlocalhost\n10.96.99.1\tLegacy-Web.corp.example\tweb.shop\n') }),
    resolved: true,
    source: 'hosts-file',
    addresses: ['10.96.99.1'],
    queries: [],
    also: (r) => assert.equal(r.answer?.fqdn, 'Legacy-Web.corp.example.'),
  },
  {
    name: 'dnsPolicy Default: the node resolver gets the query and cannot know cluster names',
    inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'Default'; })),
    resolved: false,
    // Offline the node resolver's answers are unknown, but web.shop is a cluster name it cannot know.
    undetermined: false,
    // ndots 1 on the node: the name as written first, then the node's search domain.
    queries: ['web.shop.', 'web.shop.lab.example.internal.'],
    predicted: [null, null],
    rootCause: 'dns-policy-default',
    also: (r) => assert.deepEqual(r.resolvConf.nameservers, ['192.168.56.1']),
  },
  {
    name: 'CoreDNS scaled to zero: every query predicted TIMEOUT',
    inputs: inputs('web.shop', scaleCoreDns(b)),
    resolved: false,
    // glibc: a timeout ends the search list walk, then the name as written.
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.'],
    predicted: ['TIMEOUT', 'TIMEOUT'],
    rootCause: 'coredns-scaled-to-zero',
    also: (r) => {
      assert.equal(r.steps.find((s) => s.title === 'CoreDNS pods')?.status, 'fail');
      assert.equal(r.steps.find((s) => s.title === 'Endpoints of kube-system/kube-dns')?.status, 'fail');
      // One root cause, said once: the empty endpoints follow from the scale, not from the selector.
      assert.deepEqual(r.findings.filter((x) => x.severity === 'error').map((x) => x.id), ['coredns-scaled-to-zero']);
    },
  },
  {
    name: 'NodeLocal DNSCache in path and CoreDNS at zero: the cache answers cluster names SERVFAIL, not a timeout',
    inputs: inputs('web.shop', scaleCoreDns(withKubelet(withObjects(b, 'node-local-dns.yaml'), { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local' }))),
    resolved: false,
    // glibc goes on after SERVFAIL; the node's domain and the name as written go upstream (not to CoreDNS).
    queries: expand('web.shop'),
    predicted: ['SERVFAIL', 'SERVFAIL', 'SERVFAIL', 'NXDOMAIN', 'NXDOMAIN'],
    // The Service's names all fail at node-local-dns; what the node's upstream says about
    // web.shop.lab.example.internal. or web.shop. cannot be the Service: a plain no, with its cause.
    undetermined: false,
    rootCause: 'coredns-scaled-to-zero',
    reports: ['nodelocal-dns-in-path'],
    also: (r) => assert.match(r.path!, /169\.254\.20\.10 \(node-local cache\) → no CoreDNS pod → .*SERVFAIL$/),
  },
  {
    name: 'NodeLocal DNSCache and CoreDNS at zero: `google.com` goes to the node\'s upstream, so it still resolves (assumed)',
    inputs: inputs('google.com', scaleCoreDns(withKubelet(withObjects(b, 'node-local-dns.yaml'), { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local' }))),
    resolved: true,
    source: 'upstream',
    queries: expand('google.com'),
    predicted: ['SERVFAIL', 'SERVFAIL', 'SERVFAIL', 'NXDOMAIN', 'NOERROR'],
    undetermined: false,
    rootCause: 'coredns-scaled-to-zero',
    // node-local-dns forwards names outside cluster.local to the node's resolv.conf, not through CoreDNS.
    also: (r) => {
      const up = r.queries.find((q) => q.fqdn === 'google.com.')!;
      assert.equal(up.via, 'node-local-dns .:53 forward');
      assert.match(r.steps.map((x) => x.detail).join('\n') + JSON.stringify(r.queries), /node-local-dns/);
    },
  },
  {
    name: 'NodeLocal DNSCache with its ConfigMap forwarding to 10.0.0.2: external names go there, not through CoreDNS',
    inputs: inputs('google.com', withKubelet(withNodeLocalConfigMap(withObjects(b, 'node-local-dns.yaml'), 'forward . 10.0.0.2'), { clusterDNS: ['169.254.20.10'], clusterDomain: 'cluster.local' })),
    queries: expand('google.com'),
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN', 'NOERROR'],
    resolved: true,
    undetermined: false,
    also: (r) => {
      for (const q of r.queries.filter((x) => !x.fqdn.endsWith('.cluster.local.'))) assert.equal(q.via, 'node-local-dns .:53 forward', q.fqdn);
    },
  },
  {
    name: 'dnsPolicy None with only a public resolver: the cluster name is never asked of the cluster DNS',
    inputs: inputs('web.shop', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['1.1.1.1'] }; })),
    resolved: false,
    queries: ['web.shop.'],
    predicted: [null],
    undetermined: false,
    rootCause: 'dns-policy-none-without-cluster-dns',
  },
  {
    name: 'dnsPolicy None with only a public resolver: `google.com` is its business, undetermined offline',
    inputs: inputs('google.com', editPod(b, CLIENT, (p) => { p.dnsPolicy = 'None'; p.dnsConfig = { nameservers: ['1.1.1.1'] }; })),
    resolved: false,
    queries: ['google.com.'],
    undetermined: true,
    also: (r) => assert.deepEqual(r.findings.filter((f) => f.severity === 'error'), [], 'nothing is wrong with asking 1.1.1.1 for google.com'),
  },
  {
    // glibc res_init.c: no nameserver line means 127.0.0.1; nothing listens there in the pod, and
    // res_query.c gives up on ECONNREFUSED at the first search name.
    name: 'an init container rewrote resolv.conf without a nameserver line: one name goes to 127.0.0.1, refused, a plain no',
    inputs: inputs('google.com', b, { podFiles: execFiles('search default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n') }),
    resolved: false,
    queries: ['google.com.default.svc.cluster.local.'],
    undetermined: false,
    rootCause: 'resolv-conf-without-nameserver',
    also: (r) => assert.match(r.steps.find((s) => s.title === 'Nameserver')!.detail, /127\.0\.0\.1/),
  },
  {
    // musl resolvconf.c: 127.0.0.1 too; its unconnected socket never sees "refused" and times out on the first name.
    name: 'the same file in an Alpine (musl) pod: the first name times out, the lookup ends',
    inputs: inputs('google.com', b, { flavour: 'musl', podFiles: execFiles('search default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n') }),
    resolved: false,
    queries: ['google.com.default.svc.cluster.local.'],
    predicted: ['TIMEOUT'],
    undetermined: false,
    rootCause: 'resolv-conf-without-nameserver',
  },
  {
    name: 'CoreDNS scaled to zero, offline from --snapshot: a plain no, never undetermined',
    inputs: inputs('web.shop', scaleCoreDns(base())),
    resolved: false,
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.'],
    predicted: ['TIMEOUT', 'TIMEOUT'],
    undetermined: false,
    rootCause: 'coredns-scaled-to-zero',
  },
  {
    name: 'the kube-dns selector matches no CoreDNS pod, offline: a plain no',
    inputs: inputs('web.shop', emptyDnsEndpoints(b)),
    resolved: false,
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.'],
    predicted: ['TIMEOUT', 'TIMEOUT'],
    undetermined: false,
    rootCause: 'kube-dns-no-endpoints',
  },
  {
    name: 'a default-deny egress NetworkPolicy drops UDP 53',
    inputs: inputs('web.shop', withObjects(b, 'netpol-default-deny.yaml')),
    resolved: false,
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.'],
    predicted: ['TIMEOUT', 'TIMEOUT'],
    rootCause: 'network-policy-blocks-dns',
    also: (r) => assert.equal(r.steps.find((s) => s.title === 'NetworkPolicy')?.status, 'fail'),
  },
  // ---- getaddrinfo's A and AAAA (the default), dual-stack and IPv6-only Services ----
  {
    name: 'getaddrinfo asks A and AAAA per name: a dual-stack Service answers both, in one answer',
    inputs: inputs('web.shop', dualStack(b, ['10.96.12.7', 'fd00:10:96::c7']), { getaddrinfo: true }),
    resolved: true,
    source: 'cluster-dns',
    addresses: ['10.96.12.7', 'fd00:10:96::c7'],
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.', 'web.shop.svc.cluster.local.'],
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NOERROR', 'NOERROR'],
    also: (r) => assert.deepEqual(r.queries.map((q) => q.type), ['A', 'AAAA', 'A', 'AAAA']),
  },
  {
    name: 'an IPv6-only Service from an Alpine (musl) pod: A is NODATA, AAAA answers, the name resolves',
    inputs: inputs('web.shop', dualStack(withObjects(b, 'alpine-pod.yaml'), ['fd00:10:96::c7']), { getaddrinfo: true, from: { namespace: 'default', pod: 'tools' } }),
    resolved: true,
    addresses: ['fd00:10:96::c7'],
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.', 'web.shop.svc.cluster.local.'],
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NODATA', 'NOERROR'],
  },
  {
    // glibc keeps walking on NODATA (a wildcard of another type), and ends with NO_DATA (got_nodata).
    name: '--type AAAA for an IPv4-only Service: NODATA, and glibc walks on to the end',
    inputs: inputs('web.shop', b, { type: 'AAAA' }),
    resolved: false,
    queries: [...expand('web.shop')],
    predicted: ['NXDOMAIN', 'NODATA', 'NXDOMAIN', 'NXDOMAIN', 'NXDOMAIN'],
    also: (r) => assert.ok(r.queries.every((q) => q.type === 'AAAA')),
  },
  {
    // musl name_from_dns checks each reply's rcode before it counts addresses.
    name: 'an Alpine pod whose upstream fails AAAA: the A answer is thrown away (musl), the lookup fails',
    inputs: inputs('web.shop', withObjects(b, 'alpine-pod.yaml'), {
      getaddrinfo: true,
      from: { namespace: 'default', pod: 'tools' },
      queriedVia: via,
      observed: [...obsPair('web.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7'], 'A'), obs('web.shop.svc.cluster.local.', 'SERVFAIL', [], 'AAAA')],
    }),
    resolved: false,
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.', 'web.shop.svc.cluster.local.'],
    reports: ['prediction-mismatch'],
    also: (r) => assert.match(r.findings.find((x) => x.id === 'prediction-mismatch')!.message, /web\.shop\.svc\.cluster\.local\. AAAA was predicted NODATA .* came back SERVFAIL/),
  },
  {
    name: 'the same observations from a glibc pod: an address in either reply is an answer',
    inputs: inputs('web.shop', b, {
      getaddrinfo: true,
      queriedVia: via,
      observed: [...obsPair('web.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7'], 'A'), obs('web.shop.svc.cluster.local.', 'SERVFAIL', [], 'AAAA')],
    }),
    resolved: true,
    addresses: ['10.96.12.7'],
    queries: ['web.shop.default.svc.cluster.local.', 'web.shop.default.svc.cluster.local.', 'web.shop.svc.cluster.local.', 'web.shop.svc.cluster.local.'],
    reports: ['prediction-mismatch'],
  },
  {
    // A dual-stack StatefulSet: the EndpointSlice controller writes one IPv4 and one IPv6 slice for the headless Service.
    name: 'a headless Service with IPv4 and IPv6 EndpointSlices: db-0.db.shop answers A and AAAA',
    inputs: inputs('db-0.db.shop', withIpv6Slice(b), { getaddrinfo: true }),
    resolved: true,
    addresses: ['10.244.1.20', 'fd00:10:244:1::14'],
    queries: ['db-0.db.shop.default.svc.cluster.local.', 'db-0.db.shop.default.svc.cluster.local.', 'db-0.db.shop.svc.cluster.local.', 'db-0.db.shop.svc.cluster.local.'],
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NOERROR', 'NOERROR'],
  },
  // ---- CNAME answers: the rcode is certain, the target's address may be assumed ----
  {
    name: 'ExternalName payments.shop: CoreDNS answers NOERROR with the CNAME, the walk stops there; the target is the upstream\'s (assumed)',
    inputs: inputs('payments.shop', b, { getaddrinfo: true }),
    resolved: true,
    source: 'cluster-dns',
    addresses: [],
    queries: ['payments.shop.default.svc.cluster.local.', 'payments.shop.default.svc.cluster.local.', 'payments.shop.svc.cluster.local.', 'payments.shop.svc.cluster.local.'],
    // AAAA: the CNAME alone when the target has no AAAA — NODATA, as the real CoreDNS answered it
    // (test/oracle/explain-vs-coredns.test.ts); that status rests on the assumption about the target.
    predicted: ['NXDOMAIN', 'NXDOMAIN', 'NOERROR', 'NODATA'],
    also: (r) => {
      assert.deepEqual(r.answer?.cname, ['payments.example.com.']);
      assert.deepEqual(r.queries.map((q) => q.assumed ?? false), [false, false, false, true], 'the A rcode is not assumed; the AAAA NODATA is');
      assert.deepEqual(r.verdict.assumptions.map((a) => `${a.fqdn} ${a.type} ${a.assumed}`), ['payments.example.com. A NOERROR', 'payments.example.com. AAAA NODATA']);
      assert.match(r.verdict.assumptions[0]!.ifWrong, /the walk still stops at this name/);
    },
  },
  {
    name: 'the pod does not exist: nothing is queried',
    inputs: inputs('web.shop', b, { from: { namespace: 'shop', pod: 'web-6d4b8c7f9d' } }),
    resolved: false,
    queries: [],
    rootCause: 'pod-not-found',
  },
];

describe('diagnose: real-world scenarios', () => {
  for (const s of SCENARIOS) {
    it(s.name, () => {
      const r = diagnose(s.inputs);
      assert.equal(r.resolved, s.resolved, 'resolved');
      assert.deepEqual(r.queries.map((q) => q.fqdn), s.queries, 'queries in order');
      if (s.predicted) assert.deepEqual(r.queries.map((q) => q.predicted), s.predicted, 'predicted statuses');
      if (s.addresses) assert.deepEqual(r.answer?.addresses, s.addresses, 'answer addresses');
      if (s.source) assert.equal(r.answer?.source, s.source, 'answer source');
      if (!s.resolved) assert.equal(r.answer, null);
      assert.equal(r.undetermined ?? false, s.undetermined ?? false, 'undetermined');
      if (s.rootCause) assertFirstError(r, s.rootCause);
      for (const id of s.reports ?? []) assert.ok(r.findings.some((f) => f.id === id), `expected ${id} in ${r.findings.map((f) => f.id).join(', ')}`);
      // A resolved name has no error findings unless the scenario names one.
      if (s.resolved && s.rootCause === undefined) assert.deepEqual(r.findings.filter((f) => f.severity === 'error').map((f) => f.id), []);
      assert.equal(r.verdict.status, s.resolved ? 'resolves' : s.undetermined ? 'undetermined' : 'does-not-resolve', 'verdict.status');
      s.also?.(r);
      // Every result, whatever the scenario, keeps the CONTRACT.md shape through JSON.
      assert.deepEqual(contractProblems(JSON.parse(JSON.stringify(r))), []);
    });
  }
});

describe('diagnose: CONTRACT.md shape', () => {
  it('the checker itself catches a missing field, a wrong type and a bad status', () => {
    const good = JSON.parse(JSON.stringify(diagnose(inputs('web.shop', b))));
    assert.deepEqual(contractProblems(good), []);
    const bad = structuredClone(good);
    delete bad.resolvConf.ndots;
    bad.resolved = 'yes';
    bad.queries[0].predicted = 'NOTIMP';
    bad.findings = [{ id: 'Not_Kebab', severity: 'fatal', message: '' }];
    assert.deepEqual(contractProblems(bad), [
      '$.resolved has the wrong type: "yes"',
      'resolvConf.ndots is missing',
      'queries[0].predicted has the wrong type: "NOTIMP"',
      'findings[0].id has the wrong type: "Not_Kebab"',
      'findings[0].severity has the wrong type: "fatal"',
      'findings[0].message has the wrong type: ""',
    ]);
  });

  it('observed is null offline and a status when queries were sent', () => {
    const offline = diagnose(inputs('web.shop', b));
    assert.ok(offline.queries.every((q) => q.observed === null));
    const live = diagnose(inputs('web.shop', b, { queriedVia: via, observed: [obs('web.shop.default.svc.cluster.local.', 'NXDOMAIN'), obs('web.shop.svc.cluster.local.', 'NOERROR', ['10.96.12.7'])] }));
    assert.deepEqual(live.queries.map((q) => q.observed), ['NXDOMAIN', 'NOERROR']);
    assert.deepEqual(live.queries[1]!.answers, ['10.96.12.7']);
  });

  it('findings are ordered errors, then warnings, then infos', () => {
    const r = diagnose(inputs('web.shop', scaleCoreDns(b)));
    const rank = { error: 0, warning: 1, info: 2 } as const;
    const ranks = r.findings.map((f) => rank[f.severity]);
    assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y));
  });

  it('bad input never throws: an empty cluster, a junk name, a pod without a node', () => {
    const empty = { ...b, pods: [], services: [], endpointSlices: [], configMaps: [], deployments: [], nodes: [], kubelet: {}, nodeResolvConf: {} };
    for (const i of [
      inputs('web', empty),
      inputs('', b),
      inputs('..', b),
      inputs('a'.repeat(300), b),
      inputs('web.shop', editPod(b, CLIENT, (p) => { delete p.nodeName; p.phase = 'Pending'; })),
    ]) {
      const r = diagnose(i);
      assert.deepEqual(contractProblems(JSON.parse(JSON.stringify(r))), []);
      assert.ok(!r.findings.some((f) => /check failed/.test(f.message)), r.findings.map((f) => f.message).join('\n'));
    }
  });
});
