import { defineFinding } from '../finding.ts';

export default defineFinding({
  meta: {
    id: 'coredns-loop-detected',
    severity: 'error',
    message: 'CoreDNS pod {{pod}} logged a forwarding loop: {{line}}',
    hint: 'CoreDNS forwards to itself: the node\'s /etc/resolv.conf points at 127.0.0.x (systemd-resolved); point the kubelet\'s resolvConf at /run/systemd/resolve/resolv.conf or forward to a real upstream.',
    docs: {
      summary: 'The loop plugin stops CoreDNS when a query comes back to itself; the pods crash-loop with "Loop ... detected".',
      example: 'Ubuntu nodes with systemd-resolved: /etc/resolv.conf says nameserver 127.0.0.53, so `forward . /etc/resolv.conf` sends CoreDNS\'s queries to itself.',
    },
  },
  check(f) {
    const out: { data: Record<string, string> }[] = [];
    for (const [pod, text] of Object.entries(f.inputs.corednsLogs ?? {})) {
      const line = text.split('\n').find((l) => /Loop \(.*\) detected|plugin\/loop: Loop/.test(l));
      if (line) out.push({ data: { pod, line: line.trim().slice(0, 200) } });
    }
    return out;
  },
});
