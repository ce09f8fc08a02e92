// Copies submitted data into prototype-free objects before it is cleaned and validated, so a
// field named like an Object.prototype member (`valueOf`, `constructor`) is absent when it was
// not answered, for the data walk, JSONLogic and Ajv alike; the cleaned data is handed back as
// plain objects. Recursion is bounded: data deeper than LIMITS.dataDepth is refused before this
// runs (data-limits.ts).

function copy(value: unknown, make: () => Record<string, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => copy(item, make));
  const out = make();
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key], make);
    // On a plain object `out.__proto__ = x` would set the prototype instead of a key.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

const bare = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;
const plain = (): Record<string, unknown> => ({});

/** A deep copy whose objects have no prototype. */
export function copyBare(value: unknown): unknown {
  return copy(value, bare);
}

/** A deep copy made of ordinary objects (what callers store and compare). */
export function copyPlain(value: unknown): unknown {
  return copy(value, plain);
}
