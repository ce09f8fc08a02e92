// The second back end of the XPath subset: a constraint that is only bounds on `.` becomes JSON Schema
// keywords (minimum, maxLength, pattern …), so the definition states it without JSONLogic; anything
// else (cross-field, or/not, …) gives undefined and stays a JSONLogic rule.
import { chain, negate, parseExpression } from './xpath-parse';
import type { Node } from './xpath-parse';
import { XPathFailure } from './xpath-tokens';

export type XPathFieldKind = 'number' | 'text' | 'date' | 'single' | 'multi' | 'boolean' | 'other';

export interface ConstraintKeywords {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** A finite number literal, negative allowed (`5`, `-2.5`, `(3)`). */
function literalNumber(node: Node): number | undefined {
  if (node.type === 'num') return node.value;
  if (node.type === 'neg') {
    const inner = literalNumber(node.operand);
    return inner === undefined ? undefined : negate(inner);
  }
  return undefined;
}

const MIRROR: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function isLengthOfSelf(node: Node): boolean {
  return node.type === 'call' && node.name === 'string-length' && node.args.length === 1 && node.args[0]!.type === 'self';
}

/** `subject op N` with the subject on the left (mirrored when written `N op subject`). */
function bound(node: Node, isSubject: (node: Node) => boolean): { op: string; value: number } | undefined {
  if (node.type !== 'binary' || !MIRROR[node.op]) return undefined;
  if (isSubject(node.left)) {
    const value = literalNumber(node.right);
    return value === undefined ? undefined : { op: node.op, value };
  }
  if (isSubject(node.right)) {
    const value = literalNumber(node.left);
    return value === undefined ? undefined : { op: MIRROR[node.op]!, value };
  }
  return undefined;
}

function tighter(keywords: ConstraintKeywords, key: Exclude<keyof ConstraintKeywords, 'pattern'>, value: number, lower: boolean): void {
  const old = keywords[key];
  keywords[key] = old === undefined ? value : lower ? Math.max(old, value) : Math.min(old, value);
}

/** A constraint that is only bounds on `.` → JSON Schema keywords; undefined when it is anything else (cross-field, or/not, …). */
export function constraintToKeywords(expression: string, selfKind: XPathFieldKind): ConstraintKeywords | undefined {
  let ast: Node;
  try {
    ast = parseExpression(expression);
  } catch (error) {
    if (error instanceof XPathFailure) return undefined;
    throw error;
  }
  const keywords: ConstraintKeywords = {};
  for (const part of chain(ast, 'and')) {
    if (selfKind === 'number') {
      const b = bound(part, (node) => node.type === 'self');
      if (!b) return undefined;
      if (b.op === '>=') tighter(keywords, 'minimum', b.value, true);
      else if (b.op === '>') tighter(keywords, 'exclusiveMinimum', b.value, true);
      else if (b.op === '<=') tighter(keywords, 'maximum', b.value, false);
      else tighter(keywords, 'exclusiveMaximum', b.value, false);
      continue;
    }
    if (selfKind !== 'text') return undefined;
    if (part.type === 'call' && part.name === 'regex') {
      const [subject, pattern] = part.args;
      if (part.args.length !== 2 || subject?.type !== 'self' || pattern?.type !== 'str') return undefined;
      if (keywords.pattern !== undefined) return undefined; // two patterns do not make one
      keywords.pattern = pattern.value;
      continue;
    }
    const b = bound(part, isLengthOfSelf);
    if (!b) return undefined;
    // Lengths are whole numbers: `< 5` is at most 4, `> 2.5` at least 3.
    if (b.op === '<=' || b.op === '<') {
      const max = b.op === '<=' ? Math.floor(b.value) : Math.ceil(b.value) - 1;
      if (max < 0) return undefined; // no text is that short: not a bound JSON Schema can state
      tighter(keywords, 'maxLength', max, false);
    } else {
      const min = b.op === '>=' ? Math.ceil(b.value) : Math.floor(b.value) + 1;
      tighter(keywords, 'minLength', Math.max(0, min), true);
    }
  }
  return keywords;
}
