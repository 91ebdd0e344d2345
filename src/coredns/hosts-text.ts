/**
 * Reads hosts-file text as CoreDNS's hosts plugin does (plugin/hosts/hostsfile.go parse):
 * `#` starts a comment, the first field is an address, the rest are names; lines whose
 * address does not parse are skipped.
 */
import { isIP } from 'node:net';
import { toFqdn } from '../shared/fqdn.ts';

export interface HostsTextEntry {
  address: string;
  names: string[];
}

export function parseHostsText(text: string): HostsTextEntry[] {
  const out: HostsTextEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [address, ...names] = line.split(/\s+/);
    if (!address || names.length === 0) continue;
    const addr = address.replace(/%.*$/, ''); // zone index, fe80::1%lo0
    if (isIP(addr) === 0) continue;
    out.push({ address: addr, names: names.map((n) => toFqdn(n)) });
  }
  return out;
}
