import type { LabelSelector } from './view.ts';

/**
 * Kubernetes LabelSelector semantics (metav1.LabelSelectorAsSelector):
 * matchLabels and matchExpressions are ANDed; an empty selector ({}) matches everything;
 * a missing selector is the caller's decision (usually "matches nothing" or "not set").
 */
export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An unknown operator is rejected by the API server; treat it as not matching.
        return false;
    }
  }
  return true;
}

/** A Service-style selector (plain map); an empty map selects nothing, as for Services. */
export function matchesMapSelector(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
