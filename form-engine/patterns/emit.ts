// Writes a parsed pattern for two engines with the same meaning: JavaScript *without* flags (what
// formio.js builds: `new RegExp('^' + pattern + '$')`) and RE2 syntax (re2js on the server).
// Character sets are spelled out as ranges, astral ones as surrogate pairs for JavaScript, so no
// engine's own idea of `.`, `\s`, `\p{…}` or the `u` flag decides a verdict.
import { hasAstral, type CodePointSet } from './code-point-set';
import type { PatternNode } from './parse';

type Emit = (set: Extract<PatternNode, { kind: 'set' }>) => string;

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
const jsUnit = (n: number): string => `\\u${hex(n, 4)}`;
const jsRange = (a: number, b: number): string => (a === b ? jsUnit(a) : `${jsUnit(a)}-${jsUnit(b)}`);
const re2Char = (n: number): string => `\\x{${hex(n, 1)}}`;
const re2Range = (a: number, b: number): string => (a === b ? re2Char(a) : `${re2Char(a)}-${re2Char(b)}`);

const high = (cp: number): number => 0xd800 + ((cp - 0x10000) >> 10);
const low = (cp: number): number => 0xdc00 + ((cp - 0x10000) & 0x3ff);

/** Astral ranges as alternatives `\uHHHH[\uLLLL-\uLLLL]`, one per high surrogate (merged when equal). */
function surrogateAlternatives(set: CodePointSet): string[] {
  const byHigh = new Map<number, string[]>();
  for (const [a0, b] of set) {
    for (let a = Math.max(a0, 0x10000); a <= b; ) {
      const h = high(a);
      const end = Math.min(b, 0x10000 + ((h - 0xd800 + 1) << 10) - 1);
      const lows = byHigh.get(h) ?? [];
      lows.push(jsRange(low(a), low(end)));
      byHigh.set(h, lows);
      a = end + 1;
    }
  }
  const out: string[] = [];
  let run: { from: number; to: number; lows: string } | undefined;
  const flush = (): void => {
    if (run) out.push(`${run.from === run.to ? jsUnit(run.from) : `[${jsRange(run.from, run.to)}]`}[${run.lows}]`);
  };
  for (const [h, lows] of [...byHigh].sort((x, y) => x[0] - y[0])) {
    const joined = lows.join('');
    if (run && run.to === h - 1 && run.lows === joined) run.to = h;
    else {
      flush();
      run = { from: h, to: h, lows: joined };
    }
  }
  flush();
  return out;
}

const jsSet: Emit = ({ set, source }) => {
  // The author's own text when no engine difference can show: no astral member, no \u{…} or \p.
  if (!hasAstral(set) && !/\\(?:u\{|[pP])/.test(source)) return source;
  const bmp = set.filter(([a]) => a <= 0xffff).map(([a, b]) => jsRange(a, Math.min(b, 0xffff)));
  const parts = [...(bmp.length ? [`[${bmp.join('')}]`] : []), ...surrogateAlternatives(set)];
  // Every set is written as one atom, so a repeat can follow it directly.
  return parts.length === 1 && bmp.length ? (parts[0] as string) : `(?:${parts.join('|')})`;
};

const re2Set: Emit = ({ set }) => {
  const only = set.length === 1 ? set[0] : undefined;
  if (only && only[0] === only[1]) return re2Char(only[0]);
  return `[${set.map(([a, b]) => re2Range(a, b)).join('')}]`;
};

function emit(node: PatternNode, set: Emit): string {
  switch (node.kind) {
    case 'alt':
      return node.items.map((n) => emit(n, set)).join('|');
    case 'seq':
      return node.items.map((n) => emit(n, set)).join('');
    case 'group':
      return `(?:${emit(node.body, set)})`;
    case 'assert':
      return node.what;
    case 'set':
      return set(node);
    case 'repeat': {
      // A repeat's body is a set or a group, and both are emitted as one atom.
      const count = node.min === 0 && node.max === null ? '*' : node.min === 1 && node.max === null ? '+' : node.min === 0 && node.max === 1 ? '?'
        : node.max === node.min ? `{${node.min}}` : `{${node.min},${node.max ?? ''}}`;
      return `${emit(node.body, set)}${count}${node.lazy ? '?' : ''}`;
    }
  }
}

export const toJavaScript = (node: PatternNode): string => emit(node, jsSet);
export const toRe2 = (node: PatternNode): string => emit(node, re2Set);

/** True when the pattern is `^…$` at top level, so a whole-value match needs no `[\s\S]*` padding. */
export function isAnchored(node: PatternNode): boolean {
  if (node.kind !== 'seq') return false;
  const first = node.items[0];
  const last = node.items[node.items.length - 1];
  return first?.kind === 'assert' && first.what === '^' && last?.kind === 'assert' && last.what === '$';
}
