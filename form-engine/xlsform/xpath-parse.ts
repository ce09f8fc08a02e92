// The second stage of the XPath subset: precedence climbing from tokens to an AST that knows nothing
// of the form, within the length and depth caps, plus the AST walks both back ends share. A form's
// fields are resolved only later, by a back end.
import { fail, tokenize, unexpected, unsupported } from './xpath-tokens';
import type { Token } from './xpath-tokens';

/** Longest expression accepted, in characters. */
export const XPATH_MAX_LENGTH = 2000;
/** Deepest nesting of parentheses, function calls and unary minus accepted. */
export const XPATH_MAX_DEPTH = 50;

// ---------------------------------------------------------------------------------------------------
// Parser: precedence climbing over the tokens, to an AST that knows nothing of the form.

export type Node =
  | { type: 'num'; at: number; value: number }
  | { type: 'str'; at: number; value: string }
  | { type: 'field'; at: number; name: string; text: string }
  | { type: 'self'; at: number }
  /** A bare name in a choice_filter: a column of the choices sheet (`name` is the choice itself). */
  | { type: 'choice'; at: number; name: string }
  | { type: 'neg'; at: number; operand: Node }
  | { type: 'binary'; at: number; op: string; left: Node; right: Node }
  | { type: 'call'; at: number; name: string; args: Node[] };

/** XPath 1.0 binding powers (higher binds tighter); all binary operators are left-associative. */
const INFIX: Record<string, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  div: 6,
  mod: 6,
};
const UNARY_POWER = 7;
const OPERATOR_NAMES = new Set(['and', 'or', 'div', 'mod']);

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
    private readonly choiceNames: boolean,
  ) {}

  parse(): Node {
    const first = this.peek();
    if (first.kind === 'eof') fail('XPATH_SYNTAX', 0, { en: 'The expression is empty', km: 'កន្សោមទទេ' });
    const node = this.expression(0, 0);
    this.expect('eof');
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  /** Throws the right error for a token that cannot come here. */
  private reject(token: Token): never {
    if (token.kind === 'bad') throw token.error;
    if (token.kind === 'eof') fail('XPATH_SYNTAX', this.length, { en: 'The expression ends too early', km: 'កន្សោមបញ្ចប់មុនពេល' });
    return unexpected(token.at, token.text);
  }

  private expect(kind: ')' | ',' | 'eof'): void {
    const token = this.peek();
    if (token.kind === kind) {
      this.next();
      return;
    }
    if (token.kind === 'bad') throw token.error;
    if (kind === 'eof') unexpected(token.at, token.text);
    if (token.kind === 'eof') fail('XPATH_SYNTAX', this.length, { en: `Missing “${kind}”`, km: `ខ្វះសញ្ញា “${kind}”` });
    fail('XPATH_SYNTAX', token.at, { en: `Expected “${kind}” instead of “${token.text}”`, km: `ត្រូវការសញ្ញា “${kind}” ជំនួសឱ្យ “${token.text}”` });
  }

  private infixPower(token: Token): number | undefined {
    if (token.kind === 'op') return INFIX[token.value];
    if (token.kind === 'name' && OPERATOR_NAMES.has(token.value)) return INFIX[token.value];
    return undefined;
  }

  private nest(depth: number, at: number): number {
    if (depth + 1 > XPATH_MAX_DEPTH) {
      unsupported(at, {
        en: `nesting deeper than ${XPATH_MAX_DEPTH} levels`,
        km: `ការដាក់ជាន់គ្នាជ្រៅជាង ${XPATH_MAX_DEPTH} កម្រិត`,
      });
    }
    return depth + 1;
  }

  private expression(minPower: number, depth: number): Node {
    let left = this.prefix(depth);
    for (;;) {
      const token = this.peek();
      const power = this.infixPower(token);
      if (power === undefined || power <= minPower) return left;
      this.next();
      const op = token.kind === 'op' || token.kind === 'name' ? token.value : '';
      const right = this.expression(power, depth);
      left = { type: 'binary', at: token.at, op, left, right };
    }
  }

  private prefix(depth: number): Node {
    const token = this.next();
    switch (token.kind) {
      case 'num':
        return { type: 'num', at: token.at, value: token.value };
      case 'str':
        return { type: 'str', at: token.at, value: token.value };
      case 'field':
        return { type: 'field', at: token.at, name: token.value, text: token.text };
      case 'dot':
        return { type: 'self', at: token.at };
      case 'op':
        if (token.value !== '-') return this.reject(token);
        return { type: 'neg', at: token.at, operand: this.expression(UNARY_POWER, this.nest(depth, token.at)) };
      case '(': {
        const inner = this.expression(0, this.nest(depth, token.at));
        this.expect(')');
        return inner;
      }
      case 'name': {
        if (OPERATOR_NAMES.has(token.value)) return this.reject(token);
        if (this.peek().kind !== '(') {
          if (this.choiceNames) return { type: 'choice', at: token.at, name: token.value };
          return unsupported(token.at, {
            en: `path “${token.value}” (write a field as \${name})`,
            km: `ផ្លូវ “${token.value}” (សរសេរវាលជា \${name})`,
          });
        }
        const open = this.next();
        const inner = this.nest(depth, open.at);
        const args: Node[] = [];
        if (this.peek().kind === ')') this.next();
        else {
          for (;;) {
            args.push(this.expression(0, inner));
            if (this.peek().kind === ',') {
              this.next();
              continue;
            }
            this.expect(')');
            break;
          }
        }
        return { type: 'call', at: token.at, name: token.value, args };
      }
      default:
        return this.reject(token);
    }
  }
}

/** `choiceNames`: bare names are choices-sheet columns (a choice_filter), not refused paths. */
export function parseExpression(expression: string, choiceNames = false): Node {
  if (expression.length > XPATH_MAX_LENGTH) {
    unsupported(XPATH_MAX_LENGTH, {
      en: `expression longer than ${XPATH_MAX_LENGTH} characters`,
      km: `កន្សោមវែងជាង ${XPATH_MAX_LENGTH} តួអក្សរ`,
    });
  }
  return new Parser(tokenize(expression), expression.length, choiceNames).parse();
}

/** The operands of a chain of one associative operator (`a and b and c`, also parenthesized). */
export function chain(node: Node, op: string, into: Node[] = []): Node[] {
  if (node.type === 'binary' && node.op === op) {
    chain(node.left, op, into);
    chain(node.right, op, into);
  } else into.push(node);
  return into;
}

export function negate(value: number): number {
  return value === 0 ? 0 : -value;
}
