/**
 * Appending without argument spreading: `xs.push(...ys)` passes every element as an argument and
 * throws "Maximum call stack size exceeded" past ~100,000 of them (test/shared/no-argument-spread
 * fails on any). This loop has no such limit.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  if (Array.isArray(items)) {
    const list = items as readonly T[];
    for (let i = 0; i < list.length; i++) target.push(list[i]!);
  } else for (const item of items) target.push(item);
  return target;
}
