/**
 * What CoreDNS writes to its log when DNS goes wrong, as data: one pattern per kind of trouble,
 * taken from CoreDNS's own messages (plugin/errors, plugin/forward, plugin/loop, plugin/reload,
 * plugin/kubernetes and client-go's reflector), and a pure counter over log text.
 */

export interface LogPattern {
  id: 'upstream-timeout' | 'servfail' | 'no-healthy-upstream' | 'loop' | 'api-errors';
  /** Plural noun for the evidence line. */
  label: string;
  /** How bad one occurrence is. */
  status: 'warn' | 'fail';
  re: RegExp;
  /** Where the message comes from (CoreDNS source). */
  source: string;
}

export const LOG_PATTERNS: readonly LogPattern[] = [
  {
    id: 'upstream-timeout',
    label: 'upstream i/o timeouts',
    status: 'warn',
    // [ERROR] plugin/errors: 2 example.com. A: read udp 10.244.0.2:48322->10.0.0.2:53: i/o timeout
    re: /plugin\/errors: .*i\/o timeout/,
    source: 'plugin/errors logs the error forward returns; net.Conn read deadline ("i/o timeout")',
  },
  {
    id: 'no-healthy-upstream',
    label: '"no healthy upstream" errors',
    status: 'warn',
    // [ERROR] plugin/errors: 2 example.com. A: no healthy upstream  (plugin/forward ErrNoHealthy)
    re: /no healthy upstream/i,
    source: 'plugin/forward: ErrNoHealthy when every upstream failed its health check',
  },
  {
    id: 'servfail',
    label: 'SERVFAIL answers',
    status: 'warn',
    // [INFO] 10.244.1.5:41000 - 1234 "A IN x. udp 40 false 512" SERVFAIL qr,rd 40 2.0s (plugin/log)
    re: /"\s+SERVFAIL\s/,
    source: 'plugin/log\'s common log format: the rcode follows the quoted question',
  },
  {
    id: 'loop',
    label: 'forwarding loops detected',
    status: 'fail',
    // [FATAL] plugin/loop: Loop (127.0.0.1:42071 -> :53) detected for zone ".", see https://coredns.io/plugins/loop#troubleshooting.
    re: /plugin\/loop: (Loop \(.*\) detected|Seen .* more than twice)/,
    source: 'plugin/loop/loop.go: the probe query came back more than twice; CoreDNS exits',
  },
  {
    id: 'api-errors',
    label: 'Kubernetes API watch/list errors',
    status: 'warn',
    // pkg/mod/k8s.io/client-go@v0.29.0/tools/cache/reflector.go:229: failed to list *v1.EndpointSlice: ... Unauthorized
    // [ERROR] plugin/kubernetes: Kubernetes API connection failure: Get "https://10.96.0.1:443/version": dial tcp 10.96.0.1:443: i/o timeout
    re: /(reflector\.go:\d+: (?:failed to (?:list|watch)|Failed to watch)|plugin\/kubernetes: .*(?:API connection failure|Unauthorized|forbidden))/i,
    source: 'client-go tools/cache/reflector.go (the kubernetes plugin\'s informers) and plugin/kubernetes',
  },
];

export interface PatternCount {
  pattern: LogPattern;
  /** Per pod key. */
  byPod: Record<string, number>;
  total: number;
  /** The last matching line (trimmed), as an example. */
  example?: string;
}

/** Counts each pattern in each pod's log text. Pure. */
export function countLogPatterns(logs: Readonly<Record<string, string>>): PatternCount[] {
  return LOG_PATTERNS.map((pattern) => {
    const c: PatternCount = { pattern, byPod: {}, total: 0 };
    for (const [pod, text] of Object.entries(logs)) {
      for (const line of text.split('\n')) {
        if (!pattern.re.test(line)) continue;
        c.byPod[pod] = (c.byPod[pod] ?? 0) + 1;
        c.total++;
        c.example = line.trim();
      }
    }
    return c;
  });
}

/** The configuration hash the reload plugin logs at start and after each reload (the last one in the text). */
export function lastConfigHash(text: string): string | undefined {
  let last: string | undefined;
  for (const m of text.matchAll(/plugin\/reload: Running configuration (?:SHA512|MD5) = ([0-9a-f]+)/g)) last = m[1];
  return last;
}
