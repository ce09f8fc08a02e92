// Measures untrusted JSON (a definition, submitted data) against depth, size and string caps with
// an explicit stack, never recursion, and stops at the first excess: a 100,000-deep document is
// refused in time proportional to the cap, not to the document, and cannot exhaust the call stack.

export interface SizeCaps {
  depth: number;
  nodes: number;
  stringLength: number;
}

export interface Oversize {
  kind: 'depth' | 'nodes' | 'stringLength';
  /** Segments from the root to the offending value. */
  segments: string[];
}

interface Frame {
  value: unknown;
  depth: number;
  key: string;
  parent: Frame | undefined;
}

function segmentsOf(frame: Frame): string[] {
  const out: string[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) out.push(f.key);
  return out.reverse();
}

/** The first value (depth-first) that exceeds a cap, or null. Depth counts objects and arrays. */
export function findOversize(root: unknown, caps: SizeCaps): Oversize | null {
  const stack: Frame[] = [{ value: root, depth: 0, key: '', parent: undefined }];
  let nodes = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value } = frame;
    if (++nodes > caps.nodes) return { kind: 'nodes', segments: segmentsOf(frame) };
    if (typeof value === 'string') {
      if (value.length > caps.stringLength) return { kind: 'stringLength', segments: segmentsOf(frame) };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const depth = frame.depth + 1;
    if (depth > caps.depth) return { kind: 'depth', segments: segmentsOf(frame) };
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    const size = keys ? keys.length : (value as unknown[]).length;
    // Everything on the stack will be counted: a huge array is refused before it is pushed.
    if (nodes + stack.length + size > caps.nodes) return { kind: 'nodes', segments: segmentsOf(frame) };
    // Children are pushed in reverse so they are visited in document order.
    if (!keys) {
      const items = value as unknown[];
      for (let i = items.length - 1; i >= 0; i--) stack.push({ value: items[i], depth, key: String(i), parent: frame });
    } else {
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ value: (value as Record<string, unknown>)[key], depth, key, parent: frame });
      }
    }
  }
  return null;
}
