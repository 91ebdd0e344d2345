/**
 * Corner cases where the records model once differed from CoreDNS's kubernetes plugin, as a query
 * table in the manner of plugin/kubernetes/handler_test.go: {qname, qtype, rcode, answer as
 * zone-file lines}, over test/fixtures/records/corners.yaml. Each case names the CoreDNS source
 * that decides it. Held against our model (test/records/coredns-parity.test.ts) and against the
 * real CoreDNS (test/oracle/parity-vs-coredns.test.ts).
 */
import type { KubernetesPluginOptions } from '../../src/corefile/kubernetes-options.ts';

export interface Case {
  why: string;
  name: string;
  type: string;
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers?: string[];
  opts?: Partial<KubernetesPluginOptions>;
}

export const Z = 'corner.svc.cluster.local.';
export const P = 'corner.pod.cluster.local.';
export const podNames: Partial<KubernetesPluginOptions> = { endpointPodNames: true };
export const verified: Partial<KubernetesPluginOptions> = { podsMode: 'verified' };
export const insecure: Partial<KubernetesPluginOptions> = { podsMode: 'insecure' };

export const cases: Case[] = [
  // object/endpoint.go EndpointSliceToEndpoints: `if end.TargetRef != nil && len(end.TargetRef.Name) < 64 { ea.TargetRefName = ... }`,
  // whatever the kind; endpointHostname() then prefers it to the dashed IP under endpoint_pod_names.
  { why: 'targetRef of kind Node names the endpoint', name: `node-a.ext-db.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`node-a.ext-db.${Z} 5 A 192.168.10.1`], opts: podNames },
  { why: 'its dashed IP no longer does', name: `192-168-10-1.ext-db.${Z}`, type: 'A', rcode: 'NXDOMAIN', opts: podNames },
  { why: 'no targetRef: dashed IP', name: `192-168-10-2.ext-db.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`192-168-10-2.ext-db.${Z} 5 A 192.168.10.2`], opts: podNames },
  {
    why: 'SRV targets follow endpointHostname()',
    name: `_pg._tcp.ext-db.${Z}`,
    type: 'SRV',
    rcode: 'NOERROR',
    answers: [`_pg._tcp.ext-db.${Z} 5 SRV 0 50 5432 node-a.ext-db.${Z}`, `_pg._tcp.ext-db.${Z} 5 SRV 0 50 5432 192-168-10-2.ext-db.${Z}`],
    opts: podNames,
  },
  { why: 'reverse.go serviceRecordForIP uses endpointHostname()', name: '1.10.168.192.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answers: [`1.10.168.192.in-addr.arpa. 5 PTR node-a.ext-db.${Z}`], opts: podNames },
  { why: 'without endpoint_pod_names the dashed IP', name: `192-168-10-1.ext-db.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`192-168-10-1.ext-db.${Z} 5 A 192.168.10.1`] },
  // a hand-written slice without conditions: endpointsliceReady(nil) == true
  { why: 'nil ready counts as ready', name: `ext-db.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`ext-db.${Z} 5 A 192.168.10.1`, `ext-db.${Z} 5 A 192.168.10.2`] },

  // object/endpoint.go: only endpointsliceReady(end.Conditions.Ready) decides; the Service's
  // publishNotReadyAddresses is never read (the slice controller acts on it by writing ready=true).
  { why: 'publishNotReadyAddresses does not override a slice ready=false', name: `pnr.${Z}`, type: 'A', rcode: 'NXDOMAIN' },
  { why: 'nor its SRV', name: `_gossip._udp.pnr.${Z}`, type: 'SRV', rcode: 'NXDOMAIN' },

  // backend_lookup.go SRV: weight = floor(100 / (100 * len(services)) * 100) over every (endpoint, port) entry.
  {
    why: 'headless SRV at the name: 3 endpoints x 2 ports = 6 entries, weight 16',
    name: `grid.${Z}`,
    type: 'SRV',
    rcode: 'NOERROR',
    answers: [
      `grid.${Z} 5 SRV 0 16 1000 10-244-8-1.grid.${Z}`,
      `grid.${Z} 5 SRV 0 16 2000 10-244-8-1.grid.${Z}`,
      `grid.${Z} 5 SRV 0 16 1000 10-244-8-2.grid.${Z}`,
      `grid.${Z} 5 SRV 0 16 2000 10-244-8-2.grid.${Z}`,
      `grid.${Z} 5 SRV 0 16 1000 10-244-8-3.grid.${Z}`,
      `grid.${Z} 5 SRV 0 16 2000 10-244-8-3.grid.${Z}`,
    ],
  },
  {
    why: 'named port: 3 entries, weight 33',
    name: `_b._udp.grid.${Z}`,
    type: 'SRV',
    rcode: 'NOERROR',
    answers: [`_b._udp.grid.${Z} 5 SRV 0 33 2000 10-244-8-1.grid.${Z}`, `_b._udp.grid.${Z} 5 SRV 0 33 2000 10-244-8-2.grid.${Z}`, `_b._udp.grid.${Z} 5 SRV 0 33 2000 10-244-8-3.grid.${Z}`],
  },
  { why: 'port name with the wrong protocol', name: `_b._tcp.grid.${Z}`, type: 'SRV', rcode: 'NXDOMAIN' },

  // dual-stack headless: one Endpoints per slice; findServices walks both.
  { why: 'dual-stack headless A', name: `ds.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`ds.${Z} 5 A 10.244.9.1`] },
  { why: 'dual-stack headless AAAA', name: `ds.${Z}`, type: 'AAAA', rcode: 'NOERROR', answers: [`ds.${Z} 5 AAAA fd00:10:244:9::1`] },
  { why: 'one hostname, both families', name: `h-0.ds.${Z}`, type: 'AAAA', rcode: 'NOERROR', answers: [`h-0.ds.${Z} 5 AAAA fd00:10:244:9::1`] },
  // isDuplicate(target, port) drops the second SRV, but both entries counted for the weight
  { why: 'SRV: two entries, one target', name: `_p._tcp.ds.${Z}`, type: 'SRV', rcode: 'NOERROR', answers: [`_p._tcp.ds.${Z} 5 SRV 0 50 80 h-0.ds.${Z}`] },

  // the same address in two slices: A dedups by host, SRV by (target, port), PTR by target
  { why: 'duplicate address: one A', name: `dup.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`dup.${Z} 5 A 10.244.10.1`] },
  { why: 'duplicate address: one SRV, weight of two', name: `_http._tcp.dup.${Z}`, type: 'SRV', rcode: 'NOERROR', answers: [`_http._tcp.dup.${Z} 5 SRV 0 50 80 10-244-10-1.dup.${Z}`] },
  { why: 'duplicate address: one PTR', name: '1.10.244.10.in-addr.arpa.', type: 'PTR', rcode: 'NOERROR', answers: [`1.10.244.10.in-addr.arpa. 5 PTR 10-244-10-1.dup.${Z}`] },

  // LoadBalancer is a ClusterIP Service; controller.go svcIPIndexFunc indexes ClusterIPs only (not external IPs)
  { why: 'LoadBalancer answers its cluster IP', name: `lb.${Z}`, type: 'A', rcode: 'NOERROR', answers: [`lb.${Z} 5 A 10.96.50.1`] },
  { why: 'no PTR for an external IP', name: '9.113.0.203.in-addr.arpa.', type: 'PTR', rcode: 'NXDOMAIN' },
  { why: 'no PTR for a load-balancer IP', name: '10.113.0.203.in-addr.arpa.', type: 'PTR', rcode: 'NXDOMAIN' },

  // kubernetes.go findServices: an ExternalName is kept only when HostType() is CNAME
  { why: 'ExternalName at an IP: A', name: `ipname.${Z}`, type: 'A', rcode: 'NXDOMAIN' },
  { why: 'ExternalName at an IP: CNAME', name: `ipname.${Z}`, type: 'CNAME', rcode: 'NXDOMAIN' },

  // pods verified: controller.go podListFunc lists with status.phase!=Succeeded,!=Failed,!=Unknown and the `labels` selector
  { why: 'Running pod', name: `10-244-11-1.${P}`, type: 'A', rcode: 'NOERROR', answers: [`10-244-11-1.${P} 5 A 10.244.11.1`], opts: verified },
  { why: 'Pending pod with an IP', name: `10-244-11-2.${P}`, type: 'A', rcode: 'NOERROR', answers: [`10-244-11-2.${P} 5 A 10.244.11.2`], opts: verified },
  { why: 'Succeeded pod is not in the cache', name: `10-244-11-3.${P}`, type: 'A', rcode: 'NXDOMAIN', opts: verified },
  { why: 'Failed pod is not in the cache', name: `10-244-11-4.${P}`, type: 'A', rcode: 'NXDOMAIN', opts: verified },
  { why: 'labels filters pods too', name: `10-244-11-5.${P}`, type: 'A', rcode: 'NXDOMAIN', opts: { ...verified, labels: 'app=web' } },
  { why: 'labels: matching pod', name: `10-244-11-1.${P}`, type: 'A', rcode: 'NOERROR', answers: [`10-244-11-1.${P} 5 A 10.244.11.1`], opts: { ...verified, labels: 'app=web' } },
  { why: 'pods insecure answers whatever the phase', name: `10-244-11-3.${P}`, type: 'A', rcode: 'NOERROR', answers: [`10-244-11-3.${P} 5 A 10.244.11.3`], opts: insecure },
  // findPods: `ip == p.PodIP` and the PodIP index compare text
  { why: 'verified IPv6: the API text', name: `fd00-10-244-11--6.${P}`, type: 'AAAA', rcode: 'NOERROR', answers: [`fd00-10-244-11--6.${P} 5 AAAA fd00:10:244:11::6`], opts: verified },
  { why: 'verified IPv6: the query name is lower-cased first', name: `FD00-10-244-11--6.corner.pod.cluster.local.`, type: 'AAAA', rcode: 'NOERROR', answers: [`fd00-10-244-11--6.${P} 5 AAAA fd00:10:244:11::6`], opts: verified },
  { why: 'verified IPv6: another spelling of the address is not the pod', name: `fd00-10-244-11-0-0-0-6.${P}`, type: 'AAAA', rcode: 'NXDOMAIN', opts: verified },
  { why: 'insecure IPv6: any spelling parses', name: `fd00-10-244-11-0-0-0-6.${P}`, type: 'AAAA', rcode: 'NOERROR', answers: [`fd00-10-244-11-0-0-0-6.${P} 5 AAAA fd00:10:244:11::6`], opts: insecure },
  // net.ParseIP (Go >= 1.17) refuses leading zeros
  { why: 'insecure: leading zero is not an IP', name: `010-244-11-1.${P}`, type: 'A', rcode: 'NXDOMAIN', opts: insecure },
  { why: 'hostNetwork pods share the node address: one A', name: `172-18-0-2.${P}`, type: 'A', rcode: 'NOERROR', answers: [`172-18-0-2.${P} 5 A 172.18.0.2`], opts: verified },
];

