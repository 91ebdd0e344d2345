/**
 * Fully-qualified domain names as used inside kubectl-dns: lower-case, trailing dot.
 * A branded string so that a plain name cannot be passed where an FQDN is expected.
 */
export type Fqdn = string & { readonly __fqdn: unique symbol };

/** Lower-cases a name and adds the trailing dot. `''` and `'.'` become the root `'.'`. */
export function toFqdn(name: string): Fqdn {
  const lower = name.toLowerCase();
  if (lower === '' || lower === '.') return '.' as Fqdn;
  return (lower.endsWith('.') ? lower : lower + '.') as Fqdn;
}

/** Number of labels of an FQDN (the root has 0). */
export function labelCount(fqdn: string): number {
  const trimmed = fqdn.endsWith('.') ? fqdn.slice(0, -1) : fqdn;
  return trimmed === '' ? 0 : trimmed.split('.').length;
}

/** True when `name` equals `zone` or lies below it (both FQDNs). */
export function isSubdomain(name: string, zone: string): boolean {
  if (zone === '.') return true;
  return name === zone || name.endsWith('.' + zone);
}

/**
 * RFC 1123 label check as Kubernetes applies it to DNS names
 * (lower-case alphanumerics and '-', starting and ending alphanumeric, 1..63 chars).
 */
export function isDnsLabel(label: string): boolean {
  return /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(label);
}
