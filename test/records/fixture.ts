// Test-only: turns a `kubectl get -o yaml` List into the ClusterView fields the records model reads.
// (The cluster layer's trim.ts does this for the product; this keeps the records tests independent of it.)
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { emptyClusterView, type ClusterView, type EndpointSliceView, type PodView, type ServiceView } from '../../src/model/view.ts';

type Obj = Record<string, any>;

export function loadFixture(path: string): ClusterView {
  const doc = yaml.load(readFileSync(new URL(`../fixtures/records/${path}`, import.meta.url), 'utf8')) as Obj;
  return viewFromList(doc, path);
}

export function viewFromList(doc: Obj, source = 'fixture'): ClusterView {
  const view = emptyClusterView(source);
  for (const o of (doc['items'] ?? []) as Obj[]) {
    const md = o['metadata'] ?? {};
    if (o['kind'] === 'Namespace') view.namespaces.push({ name: md.name, labels: md.labels ?? {} });
    if (o['kind'] === 'Service') view.services.push(toService(o));
    if (o['kind'] === 'EndpointSlice') view.endpointSlices.push(toSlice(o));
    if (o['kind'] === 'Pod') view.pods.push(toPod(o));
  }
  return view;
}

function toService(o: Obj): ServiceView {
  const md = o['metadata'];
  const spec = o['spec'] ?? {};
  const clusterIPs: string[] =
    spec.type === 'ExternalName' ? [] : spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : []);
  const s: ServiceView = {
    namespace: md.namespace,
    name: md.name,
    type: spec.type ?? 'ClusterIP',
    clusterIPs,
    headless: clusterIPs[0] === 'None',
    ports: (spec.ports ?? []).map((p: Obj) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort })),
    publishNotReadyAddresses: spec.publishNotReadyAddresses === true,
    labels: md.labels ?? {},
  };
  if (spec.externalName) s.externalName = spec.externalName;
  if (spec.selector) s.selector = spec.selector;
  return s;
}

function toSlice(o: Obj): EndpointSliceView {
  const md = o['metadata'];
  const s: EndpointSliceView = {
    namespace: md.namespace,
    name: md.name,
    addressType: o['addressType'],
    ports: (o['ports'] ?? []).map((p: Obj) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: (o['endpoints'] ?? []).map((e: Obj) => {
      const c = e.conditions ?? {};
      const ep: EndpointSliceView['endpoints'][number] = { addresses: e.addresses ?? [] };
      if (c.ready !== undefined) ep.ready = c.ready;
      if (c.serving !== undefined) ep.serving = c.serving;
      if (c.terminating !== undefined) ep.terminating = c.terminating;
      if (e.hostname) ep.hostname = e.hostname;
      if (e.nodeName) ep.nodeName = e.nodeName;
      if (e.targetRef) ep.targetRef = { kind: e.targetRef.kind, name: e.targetRef.name, namespace: e.targetRef.namespace };
      return ep;
    }),
  };
  const svc = md.labels?.['kubernetes.io/service-name'];
  if (svc) s.serviceName = svc;
  return s;
}

function toPod(o: Obj): PodView {
  const md = o['metadata'];
  const spec = o['spec'] ?? {};
  const st = o['status'] ?? {};
  const p: PodView = {
    namespace: md.namespace,
    name: md.name,
    labels: md.labels ?? {},
    podIPs: (st.podIPs ?? (st.podIP ? [{ ip: st.podIP }] : [])).map((x: Obj) => x.ip),
    ready: true,
    hostNetwork: spec.hostNetwork === true,
    dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
    containers: [],
    containerStatuses: [],
  };
  if (st.phase) p.phase = st.phase;
  if (spec.hostname) p.hostname = spec.hostname;
  if (spec.subdomain) p.subdomain = spec.subdomain;
  return p;
}
