// Copies cleaned data (clean-copy.ts makes it prototype-free, so a field named like an
// Object.prototype member is absent when not answered) back into ordinary objects: what the
// validator hands back, callers store and compare. Recursion is bounded: data deeper than
// LIMITS.dataDepth is refused before this runs.

/** A deep copy made of ordinary objects (what callers store and compare). Holes in arrays stay holes. */
export function copyPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    const out = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) if (i in items) out[i] = copyPlain(items[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyPlain((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}
