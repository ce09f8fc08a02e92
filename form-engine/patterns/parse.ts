// Parses a definition's `pattern` (ECMAScript syntax, read with the `u` flag as JSON Schema asks)
// into a small tree. Only the part of the language every engine we run can express identically
// is accepted: no backreferences, lookaround, flags or modifiers, repeat counts up to 1000
// (RE2's limit). Character classes are resolved to code-point sets here (code-point-set.ts).
import {
  complement, DIGIT, DOT, isEmpty, normalize, propertySet, single, SPACE, union, WORD,
  type CodePointSet, type Range,
} from './code-point-set';

export type PatternNode =
  | { kind: 'alt'; items: PatternNode[] }
  | { kind: 'seq'; items: PatternNode[] }
  | { kind: 'group'; body: PatternNode }
  | { kind: 'repeat'; body: PatternNode; min: number; max: number | null; lazy: boolean }
  /** One character from `set`; `source` is the author's text for it. */
  | { kind: 'set'; set: CodePointSet; source: string }
  | { kind: 'assert'; what: '^' | '$' | '\\b' | '\\B' };

export const MAX_REPEAT = 1000;

export class PatternSyntaxError extends Error {
  constructor(readonly reason: string, readonly at?: number) {
    super(at === undefined ? reason : `${reason} (at character ${at + 1})`);
    this.name = 'PatternSyntaxError';
  }
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const CONTROL: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };

class Parser {
  private i = 0;
  private readonly cps: number[];

  constructor(private readonly text: string) {
    this.cps = Array.from(text, (c) => c.codePointAt(0) as number);
  }

  private fail(reason: string, at = this.i): never {
    throw new PatternSyntaxError(reason, at);
  }

  private peek(offset = 0): string | undefined {
    const cp = this.cps[this.i + offset];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private source(from: number): string {
    return this.cps.slice(from, this.i).map((cp) => String.fromCodePoint(cp)).join('');
  }

  parse(): PatternNode {
    const node = this.alternation();
    if (this.i < this.cps.length) this.fail(this.peek() === ')' ? 'unmatched ")"' : 'unexpected character');
    return node;
  }

  private alternation(): PatternNode {
    const items = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? (items[0] as PatternNode) : { kind: 'alt', items };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const atom = this.atom();
      items.push(atom.kind === 'assert' ? atom : this.quantified(atom));
    }
    return { kind: 'seq', items };
  }

  private quantified(body: PatternNode): PatternNode {
    const start = this.i;
    const c = this.peek();
    let min: number;
    let max: number | null;
    if (c === '*') [min, max] = [0, null];
    else if (c === '+') [min, max] = [1, null];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.offsetOf(this.i)));
      if (!m) this.fail('"{" must start a repeat count like {2} or {2,5}; write \\{ for the character');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? null : Number(m[3]);
      if (min > MAX_REPEAT || (max !== null && max > MAX_REPEAT)) this.fail(`repeat counts may not exceed ${MAX_REPEAT}`);
      if (max !== null && max < min) this.fail('repeat count out of order');
      this.i += m[0].length - 1;
    } else return body;
    this.i++;
    const lazy = this.peek() === '?';
    if (lazy) this.i++;
    const next = this.peek();
    if (next === '*' || next === '+' || next === '?' || next === '{') this.fail('a repeat cannot be repeated directly; use a group', start);
    return { kind: 'repeat', body, min, max, lazy };
  }

  /** Index into the UTF-16 text of code point number `index` (the repeat-count regex reads text). */
  private offsetOf(index: number): number {
    let offset = 0;
    for (let k = 0; k < index; k++) offset += (this.cps[k] as number) > 0xffff ? 2 : 1;
    return offset;
  }

  private atom(): PatternNode {
    const start = this.i;
    const c = this.peek() as string;
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'assert', what: c };
    }
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '.') {
      this.i++;
      return { kind: 'set', set: DOT, source: '.' };
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') this.fail('nothing to repeat');
    if (c === ']' || c === '}') this.fail(`write \\${c} for the character "${c}"`);
    if (c === '\\') {
      const next = this.peek(1);
      if (next === 'b' || next === 'B') {
        this.i += 2;
        return { kind: 'assert', what: next === 'b' ? '\\b' : '\\B' };
      }
      const escaped = this.escape(false);
      return this.setNode(typeof escaped === 'number' ? single(escaped) : escaped, start);
    }
    this.i++;
    return this.setNode(single(c.codePointAt(0) as number), start);
  }

  private setNode(set: CodePointSet, start: number): PatternNode {
    if (isEmpty(set)) this.fail('a lone surrogate matches nothing', start);
    return { kind: 'set', set, source: this.source(start) };
  }

  private group(): PatternNode {
    const start = this.i;
    this.i++;
    if (this.peek() === '?') {
      const next = this.peek(1);
      if (next === ':') this.i += 2;
      else if (next === '<' && this.peek(2) !== '=' && this.peek(2) !== '!') {
        const m = /^\?<([A-Za-z_$][A-Za-z0-9_$]*)>/.exec(this.text.slice(this.offsetOf(this.i)));
        if (!m) this.fail('invalid group name');
        this.i += m[0].length;
      } else if (next === '=' || next === '!' || next === '<') this.fail('lookahead and lookbehind are not supported', start);
      else this.fail('group flags and modifiers are not supported', start);
    }
    const body = this.alternation();
    if (this.peek() !== ')') this.fail('missing ")"', start);
    this.i++;
    return { kind: 'group', body };
  }

  private charClass(): PatternNode {
    const start = this.i;
    this.i++;
    const negated = this.peek() === '^';
    if (negated) this.i++;
    const parts: CodePointSet[] = [];
    while (this.peek() !== ']') {
      if (this.peek() === undefined) this.fail('missing "]"', start);
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const to = this.classAtom();
        if (from.single === undefined || to.single === undefined) this.fail('a range needs a single character at both ends');
        if (to.single < from.single) this.fail('range out of order');
        parts.push(normalize([[from.single, to.single] as Range]));
      } else parts.push(from.set);
    }
    this.i++;
    const set = negated ? complement(union(...parts)) : union(...parts);
    if (isEmpty(set)) this.fail('this character class matches nothing', start);
    return { kind: 'set', set, source: this.source(start) };
  }

  private classAtom(): { set: CodePointSet; single?: number } {
    const c = this.peek() as string;
    if (c === '\\') {
      if (this.peek(1) === 'b') {
        this.i += 2;
        return { set: single(0x08), single: 0x08 };
      }
      const escaped = this.escape(true);
      return typeof escaped === 'number' ? { set: single(escaped), single: escaped } : { set: escaped };
    }
    this.i++;
    const cp = c.codePointAt(0) as number;
    return { set: single(cp), single: cp };
  }

  /** An escape at `\`: a class escape gives its set, a character escape its code point. */
  private escape(inClass: boolean): CodePointSet | number {
    const at = this.i;
    this.i++;
    const c = this.peek();
    if (c === undefined) this.fail('pattern ends with "\\"', at);
    this.i++;
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return complement(DIGIT);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'p':
      case 'P': {
        const m = /^\{([A-Za-z_]+(?:=[A-Za-z_]+)?)\}/.exec(this.text.slice(this.offsetOf(this.i)));
        if (!m) this.fail('\\p needs a property name in braces, like \\p{L} or \\p{Script=Khmer}', at);
        this.i += m[0].length;
        let set: CodePointSet;
        try {
          set = propertySet(m[1] as string);
        } catch {
          this.fail(`unknown Unicode property "${m[1]}"`, at);
        }
        return c === 'P' ? complement(set) : set;
      }
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(this.text.slice(this.offsetOf(this.i)));
        if (!m) this.fail('\\x needs two hexadecimal digits', at);
        this.i += 2;
        return parseInt(m[0], 16);
      }
      case 'u': return this.unicodeEscape(at);
      case 'c': {
        const letter = this.peek();
        if (!letter || !/[A-Za-z]/.test(letter)) this.fail('\\c needs a letter', at);
        this.i++;
        return letter.charCodeAt(0) % 32;
      }
      case '0':
        if (/[0-9]/.test(this.peek() ?? '')) this.fail('octal escapes are not supported', at);
        return 0;
      default:
        if (/[1-9]/.test(c) || c === 'k') this.fail('backreferences are not supported', at);
        if (c in CONTROL) return CONTROL[c] as number;
        if (SYNTAX.has(c) || (inClass && c === '-')) return c.codePointAt(0) as number;
        return this.fail(`"\\${c}" is not a valid escape`, at);
    }
  }

  private unicodeEscape(at: number): number {
    const rest = this.text.slice(this.offsetOf(this.i));
    const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(rest);
    if (braced) {
      const cp = parseInt(braced[1] as string, 16);
      if (cp > 0x10ffff) this.fail('code point out of range', at);
      this.i += braced[0].length;
      return cp;
    }
    const four = /^[0-9A-Fa-f]{4}/.exec(rest);
    if (!four) this.fail('\\u needs four hexadecimal digits or {…}', at);
    this.i += 4;
    const unit = parseInt(four[0], 16);
    const low = /^\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})/.exec(rest.slice(4));
    if (unit >= 0xd800 && unit <= 0xdbff && low) {
      this.i += 6;
      return 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1] as string, 16) - 0xdc00);
    }
    return unit;
  }
}

/**
 * RE2's limit on nested counted repeats (re2js `repeatIsValid`): each repeat's count divides the
 * budget of 1000 left to the repeats inside it, so `(?:a{10}){100}` passes and `(?:a{10}){101}` not.
 */
function repeatsFit(node: PatternNode, budget: number): boolean {
  let inner = budget;
  if (node.kind === 'repeat') {
    const count = node.max ?? node.min;
    if (count === 0) return true;
    if (count > budget) return false;
    inner = Math.floor(budget / count);
  }
  const children = node.kind === 'alt' || node.kind === 'seq' ? node.items : node.kind === 'group' || node.kind === 'repeat' ? [node.body] : [];
  return children.every((child) => repeatsFit(child, inner));
}

/** Parses `pattern`; throws PatternSyntaxError with a reason and position. */
export function parsePattern(pattern: string): PatternNode {
  const node = new Parser(pattern).parse();
  if (!repeatsFit(node, MAX_REPEAT)) throw new PatternSyntaxError(`nested repeat counts multiply past ${MAX_REPEAT}`);
  return node;
}
