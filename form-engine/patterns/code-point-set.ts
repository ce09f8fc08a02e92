// Sets of Unicode code points as sorted, disjoint, inclusive ranges. A pattern's character
// classes, escapes and `.` become such sets, so their meaning is fixed here (code points, as
// with the `u` flag) and not by whichever regular-expression engine runs the emitted pattern.
// Surrogates (U+D800–U+DFFF) are never members: a lone surrogate matches no character.

export type Range = readonly [number, number];
export type CodePointSet = readonly Range[];

export const MAX_CODE_POINT = 0x10ffff;
const SURROGATES: Range = [0xd800, 0xdfff];

export function normalize(ranges: readonly Range[]): CodePointSet {
  const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return withoutSurrogates(out);
}

function withoutSurrogates(ranges: readonly Range[]): CodePointSet {
  const out: Range[] = [];
  for (const [a, b] of ranges) {
    if (b < SURROGATES[0] || a > SURROGATES[1]) out.push([a, b]);
    else {
      if (a < SURROGATES[0]) out.push([a, SURROGATES[0] - 1]);
      if (b > SURROGATES[1]) out.push([SURROGATES[1] + 1, b]);
    }
  }
  return out;
}

export function union(...sets: CodePointSet[]): CodePointSet {
  return normalize(sets.flat());
}

export function complement(set: CodePointSet): CodePointSet {
  const out: Range[] = [];
  let next = 0;
  for (const [a, b] of normalize(set)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return withoutSurrogates(out);
}

export const single = (cp: number): CodePointSet => normalize([[cp, cp]]);
export const isEmpty = (set: CodePointSet): boolean => set.length === 0;
export const hasAstral = (set: CodePointSet): boolean => set.some(([, b]) => b > 0xffff);

export const DIGIT: CodePointSet = [[0x30, 0x39]];
export const WORD: CodePointSet = normalize([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
/** ECMAScript WhiteSpace and LineTerminator: exactly what `\s` matches and String#trim removes. */
export const SPACE: CodePointSet = normalize([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
]);
/** `.`: every character except line terminators. */
export const DOT: CodePointSet = complement([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]);

const properties = new Map<string, CodePointSet>();

/**
 * The members of `\p{name}` as this JavaScript engine's Unicode data defines them (computed once
 * per name by testing every code point). Throws a SyntaxError for an unknown property.
 */
export function propertySet(name: string): CodePointSet {
  const cached = properties.get(name);
  if (cached) return cached;
  const re = new RegExp(`^\\p{${name}}$`, 'u');
  const out: Range[] = [];
  let start = -1;
  for (let cp = 0; cp <= MAX_CODE_POINT + 1; cp++) {
    if (cp === SURROGATES[0]) {
      if (start >= 0) out.push([start, cp - 1]);
      start = -1;
      cp = SURROGATES[1];
      continue;
    }
    const member = cp <= MAX_CODE_POINT && re.test(String.fromCodePoint(cp));
    if (member && start < 0) start = cp;
    else if (!member && start >= 0) {
      out.push([start, cp - 1]);
      start = -1;
    }
  }
  properties.set(name, out);
  return out;
}
