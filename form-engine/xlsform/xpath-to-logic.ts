// XLSForm's relevant, constraint, calculation and choice_filter cells are XPath; SA Studio forms speak
// JSONLogic. This translates a documented subset (one linear tokenizer, one Pratt parser to an AST, two
// back ends: JSONLogic and JSON Schema keywords) and refuses everything else with the character
// offset and a Khmer and English message, so an imported form never loses a rule in silence.
import type { JsonLogic } from '../model/types';

export type XPathFieldKind = 'number' | 'text' | 'date' | 'single' | 'multi' | 'boolean' | 'other';

export interface XPathField {
  /** The JSONLogic `var` path (`participants.total`, `row.status` inside a repeat). */
  path: string;
  kind: XPathFieldKind;
}

export interface XPathContext {
  /** `${name}` → the field, or undefined when the form has no such field. */
  field: (name: string) => XPathField | undefined;
  /** What `.` means (the field whose constraint/relevant this is), when allowed. */
  self?: XPathField;
}

export interface XPathError {
  code: 'XPATH_SYNTAX' | 'XPATH_UNSUPPORTED' | 'XPATH_UNKNOWN_FIELD';
  /** 0-based offset of the offending token in the expression. */
  at: number;
  message: { en: string; km: string };
}

export type XPathResult = { ok: true; logic: JsonLogic | string | number | boolean } | { ok: false; error: XPathError };

export interface ConstraintKeywords {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** Longest expression accepted, in characters. */
export const XPATH_MAX_LENGTH = 2000;
/** Deepest nesting of parentheses, function calls and unary minus accepted. */
export const XPATH_MAX_DEPTH = 50;

type Text = { en: string; km: string };

class XPathFailure {
  constructor(readonly error: XPathError) {}
}

function failure(code: XPathError['code'], at: number, text: Text): XPathFailure {
  return new XPathFailure({
    code,
    at,
    message: { en: `${text.en} at character ${at}`, km: `${text.km} នៅតួអក្សរទី ${at}` },
  });
}

function unsupportedFailure(at: number, what: Text): XPathFailure {
  return failure('XPATH_UNSUPPORTED', at, { en: `Unsupported ${what.en}`, km: `មិនគាំទ្រ${what.km}` });
}

function unexpectedFailure(at: number, shown: string): XPathFailure {
  return failure('XPATH_SYNTAX', at, { en: `Unexpected “${shown}”`, km: `មិនរំពឹងថាមាន “${shown}”` });
}

function fail(code: XPathError['code'], at: number, text: Text): never {
  throw failure(code, at, text);
}

function unsupported(at: number, what: Text): never {
  throw unsupportedFailure(at, what);
}

function unexpected(at: number, shown: string): never {
  throw unexpectedFailure(at, shown);
}

// ---------------------------------------------------------------------------------------------------
// Tokenizer: one pass over the characters, no regular expression beyond single-character classes.

type Token =
  | { kind: 'num'; at: number; value: number; text: string }
  | { kind: 'str'; at: number; value: string; text: string }
  | { kind: 'field'; at: number; value: string; text: string }
  | { kind: 'dot'; at: number; text: string }
  | { kind: 'name'; at: number; value: string; text: string }
  | { kind: 'op'; at: number; value: string; text: string }
  | { kind: '(' | ')' | ','; at: number; text: string }
  | { kind: 'eof'; at: number; text: string }
  /** A construct outside the subset (or malformed): the parser throws it when it reaches it. */
  | { kind: 'bad'; at: number; error: XPathFailure; text: string };

const LETTER = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{M}\p{N}_.-]/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}
function isNameStart(c: string | undefined): boolean {
  return c !== undefined && LETTER.test(c);
}
function isNameChar(c: string | undefined): boolean {
  return c !== undefined && NAME_CHAR.test(c);
}

function badToken(at: number, text: string, error: XPathFailure): Token {
  return { kind: 'bad', at, error, text };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    const at = i;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      while (isDigit(source[i])) i++;
      if (source[i] === '.') {
        i++;
        while (isDigit(source[i])) i++;
      }
      const text = source.slice(at, i);
      const value = Number(text);
      tokens.push(
        Number.isFinite(value)
          ? { kind: 'num', at, value, text }
          : badToken(at, text, unsupportedFailure(at, { en: `number ${text.slice(0, 20)}… (too large)`, km: `លេខ ${text.slice(0, 20)}… (ធំពេក)` })),
      );
      continue;
    }
    if (c === "'" || c === '"') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) {
        tokens.push(badToken(at, c, failure('XPATH_SYNTAX', at, { en: `Unclosed quote ${c}`, km: `សញ្ញាសម្រង់ ${c} មិនបានបិទ` })));
        break;
      }
      tokens.push({ kind: 'str', at, value: source.slice(i + 1, close), text: source.slice(at, close + 1) });
      i = close + 1;
      continue;
    }
    if (c === '$') {
      if (source[i + 1] !== '{') {
        i++;
        while (isNameChar(source[i])) i++;
        const text = source.slice(at, i);
        tokens.push(badToken(at, text, unsupportedFailure(at, { en: `variable “${text}” (write a field as \${name})`, km: `អថេរ “${text}” (សរសេរវាលជា \${name})` })));
        continue;
      }
      i += 2;
      const start = i;
      while (isNameChar(source[i])) i++;
      const name = source.slice(start, i);
      if (source[i] !== '}' || name === '') {
        const shown = source[i] ?? '';
        const error =
          i >= n
            ? failure('XPATH_SYNTAX', at, { en: 'Unclosed ${', km: '${ មិនបានបិទ' })
            : name === '' && shown === '}'
              ? failure('XPATH_SYNTAX', at, { en: 'Empty field name ${}', km: 'ឈ្មោះវាលទទេ ${}' })
              : failure('XPATH_SYNTAX', i, { en: `Invalid character “${shown}” in a field name`, km: `តួអក្សរ “${shown}” មិនអាចនៅក្នុងឈ្មោះវាលបានទេ` });
        tokens.push(badToken(at, source.slice(at, i + 1), error));
        break;
      }
      i++;
      tokens.push({ kind: 'field', at, value: name, text: source.slice(at, i) });
      continue;
    }
    if (c === '.') {
      if (source[i + 1] === '.') {
        i += 2;
        tokens.push(badToken(at, '..', unsupportedFailure(at, { en: 'path “..” (write a field as ${name})', km: 'ផ្លូវ “..” (សរសេរវាលជា ${name})' })));
        continue;
      }
      i++;
      tokens.push({ kind: 'dot', at, text: '.' });
      continue;
    }
    if (c === '&') {
      const entity = source.startsWith('&lt;', i) ? '<' : source.startsWith('&gt;', i) ? '>' : undefined;
      if (!entity) {
        i++;
        tokens.push(badToken(at, '&', unexpectedFailure(at, '&')));
        continue;
      }
      i += 4;
      if (source[i] === '=') {
        i++;
        tokens.push({ kind: 'op', at, value: `${entity}=`, text: source.slice(at, i) });
      } else tokens.push({ kind: 'op', at, value: entity, text: source.slice(at, i) });
      continue;
    }
    if (c === '<' || c === '>' || c === '!') {
      if (source[i + 1] === '=') {
        i += 2;
        tokens.push({ kind: 'op', at, value: `${c}=`, text: `${c}=` });
      } else if (c === '!') {
        i++;
        tokens.push(badToken(at, '!', unexpectedFailure(at, '!')));
      } else {
        i++;
        tokens.push({ kind: 'op', at, value: c, text: c });
      }
      continue;
    }
    if (c === '=' || c === '+' || c === '-' || c === '*') {
      i++;
      tokens.push({ kind: 'op', at, value: c, text: c });
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      i++;
      tokens.push({ kind: c, at, text: c });
      continue;
    }
    if (c === '/') {
      const text = source[i + 1] === '/' ? '//' : '/';
      i += text.length;
      tokens.push(badToken(at, text, unsupportedFailure(at, { en: `path “${text}” (write a field as \${name})`, km: `ផ្លូវ “${text}” (សរសេរវាលជា \${name})` })));
      continue;
    }
    if (c === '|') {
      i++;
      tokens.push(badToken(at, '|', unsupportedFailure(at, { en: 'node-set union “|”', km: 'ការបូកបញ្ចូលសំណុំថ្នាំង “|”' })));
      continue;
    }
    if (c === '[' || c === ']') {
      i++;
      tokens.push(badToken(at, c, unsupportedFailure(at, { en: `predicate “${c}”`, km: `លក្ខខណ្ឌត្រង “${c}”` })));
      continue;
    }
    if (c === '@') {
      i++;
      tokens.push(badToken(at, '@', unsupportedFailure(at, { en: 'attribute “@”', km: 'គុណលក្ខណៈ “@”' })));
      continue;
    }
    if (isNameStart(c)) {
      i++;
      while (isNameChar(source[i])) i++;
      if (source[i] === ':') {
        if (source[i + 1] === ':') {
          const where = i;
          tokens.push({ kind: 'name', at, value: source.slice(at, i), text: source.slice(at, i) });
          i += 2;
          tokens.push(badToken(where, '::', unsupportedFailure(where, { en: 'axis “::”', km: 'អ័ក្ស “::”' })));
          continue;
        }
        if (isNameStart(source[i + 1])) {
          i++;
          while (isNameChar(source[i])) i++;
        }
      }
      const text = source.slice(at, i);
      tokens.push({ kind: 'name', at, value: text, text });
      continue;
    }
    i++;
    tokens.push(badToken(at, c, unexpectedFailure(at, c)));
  }
  tokens.push({ kind: 'eof', at: n, text: '' });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------
// Parser: precedence climbing over the tokens, to an AST that knows nothing of the form.

type Node =
  | { type: 'num'; at: number; value: number }
  | { type: 'str'; at: number; value: string }
  | { type: 'field'; at: number; name: string; text: string }
  | { type: 'self'; at: number }
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

function parseExpression(expression: string): Node {
  if (expression.length > XPATH_MAX_LENGTH) {
    unsupported(XPATH_MAX_LENGTH, {
      en: `expression longer than ${XPATH_MAX_LENGTH} characters`,
      km: `កន្សោមវែងជាង ${XPATH_MAX_LENGTH} តួអក្សរ`,
    });
  }
  return new Parser(tokenize(expression), expression.length).parse();
}

// ---------------------------------------------------------------------------------------------------
// Back end 1: JSONLogic (only operations in form-engine/logic/operations.ts).

type Logic = JsonLogic | string | number | boolean;

const COMPARISON: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ARITHMETIC: Record<string, string> = { '+': '+', '-': '-', '*': '*', div: '/', mod: '%' };

/** The operands of a chain of one associative operator (`a and b and c`, also parenthesized). */
function chain(node: Node, op: string, into: Node[] = []): Node[] {
  if (node.type === 'binary' && node.op === op) {
    chain(node.left, op, into);
    chain(node.right, op, into);
  } else into.push(node);
  return into;
}

/** The operands of a left-nested chain `((a op b) op c)`, left to right. */
function leftChain(node: Node & { type: 'binary' }, op: string): Node[] {
  const rights: Node[] = [];
  let current: Node = node;
  while (current.type === 'binary' && current.op === op) {
    rights.push(current.right);
    current = current.left;
  }
  return [current, ...rights.reverse()];
}

function arity(node: Node & { type: 'call' }, min: number, max: number): void {
  const count = node.args.length;
  if (count >= min && count <= max) return;
  const wanted = min === max ? String(min) : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  const wantedKm = min === max ? ` ${min}` : max === Infinity ? `យ៉ាងតិច ${min}` : ` ពី ${min} ដល់ ${max}`;
  fail('XPATH_SYNTAX', node.at, {
    en: `${node.name}() takes ${wanted} argument${min === 1 && (max === 1 || max === Infinity) ? '' : 's'}, not ${count},`,
    km: `អនុគមន៍ ${node.name}() ត្រូវការអាគុយម៉ង់${wantedKm} មិនមែន ${count} ទេ`,
  });
}

function negate(value: number): number {
  return value === 0 ? 0 : -value;
}

class LogicWriter {
  constructor(private readonly context: XPathContext) {}

  private resolve(node: Node): { field: XPathField; shown: string } | undefined {
    if (node.type === 'self') {
      const self = this.context.self;
      if (!self) {
        fail('XPATH_UNSUPPORTED', node.at, {
          en: '“.” (the current field) cannot be used in this expression',
          km: 'មិនអាចប្រើ “.” (វាលបច្ចុប្បន្ន) ក្នុងកន្សោមនេះទេ',
        });
      }
      return { field: self, shown: '.' };
    }
    if (node.type === 'field') {
      const field = this.context.field(node.name);
      if (!field) fail('XPATH_UNKNOWN_FIELD', node.at, { en: `Unknown field ${node.text}`, km: `មិនស្គាល់វាល ${node.text}` });
      return { field, shown: node.text };
    }
    return undefined;
  }

  /** A field reference (`${x}` or `.`), allowing a multiple-choice field only when `multiOk`. */
  private reference(node: Node, multiOk: boolean): Logic | undefined {
    const ref = this.resolve(node);
    if (!ref) return undefined;
    if (ref.field.kind === 'multi' && !multiOk) {
      unsupported(node.at, {
        en: `use of multiple-choice field ${ref.shown} outside selected(), count-selected() or a comparison with ''`,
        km: `ការប្រើវាលពហុជម្រើស ${ref.shown} ក្រៅពី selected(), count-selected() ឬការប្រៀបធៀបជាមួយ ''`,
      });
    }
    return { var: ref.field.path };
  }

  write(node: Node, multiOk = false): Logic {
    switch (node.type) {
      case 'num':
        return node.value;
      case 'str':
        return node.value;
      case 'field':
      case 'self':
        return this.reference(node, multiOk)!;
      case 'neg': {
        const operand = this.write(node.operand);
        return typeof operand === 'number' ? negate(operand) : { '-': [operand] };
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private binary(node: Node & { type: 'binary' }): Logic {
    if (node.op === 'and' || node.op === 'or') return { [node.op]: chain(node, node.op).map((part) => this.write(part)) };
    const comparison = COMPARISON[node.op];
    if (comparison) {
      // `${many} != ''` (answered or not) is the one comparison a multiple-choice answer supports.
      const emptyTest = (node.op === '=' || node.op === '!=') && (isEmptyText(node.left) || isEmptyText(node.right));
      return { [comparison]: [this.write(node.left, emptyTest), this.write(node.right, emptyTest)] };
    }
    const arithmetic = ARITHMETIC[node.op]!;
    // `a + b + c` → one `+` of three (json-logic-js adds left to right, as XPath does); `-`, `/` and
    // `%` take exactly two arguments, and a parenthesized `a + (b + c)` keeps its grouping.
    const operands = node.op === '+' || node.op === '*' ? leftChain(node, node.op) : [node.left, node.right];
    return { [arithmetic]: operands.map((operand) => this.write(operand)) };
  }

  private call(node: Node & { type: 'call' }): Logic {
    switch (node.name) {
      case 'true':
      case 'false':
        arity(node, 0, 0);
        return node.name === 'true';
      case 'not':
        arity(node, 1, 1);
        return { '!': [this.write(node.args[0]!)] };
      case 'if':
        arity(node, 3, 3);
        return { if: node.args.map((arg) => this.write(arg)) };
      case 'concat':
        arity(node, 1, Infinity);
        return { cat: node.args.map((arg) => this.write(arg)) };
      case 'min':
      case 'max':
        if (node.args.length === 1) {
          unsupported(node.at, {
            en: `${node.name}() of one argument (a set of repeat answers)`,
            km: `ការប្រើ ${node.name}() ដែលមានអាគុយម៉ង់តែមួយ (សំណុំចម្លើយក្នុងផ្នែកដដែលៗ)`,
          });
        }
        arity(node, 2, Infinity);
        return { [node.name]: node.args.map((arg) => this.write(arg)) };
      case 'selected':
        return this.selected(node);
      case 'count-selected': {
        arity(node, 1, 1);
        const many = this.choiceField(node, node.args[0]!, ['multi']);
        return { reduce: [{ var: many.path }, { '+': [{ var: 'accumulator' }, 1] }, 0] };
      }
      default:
        return unsupported(node.at, { en: `function ${node.name}()`, km: `អនុគមន៍ ${node.name}()` });
    }
  }

  /** The choice field a selected()/count-selected() reads, of one of `kinds`. */
  private choiceField(node: Node & { type: 'call' }, arg: Node, kinds: XPathFieldKind[]): XPathField {
    const ref = this.resolve(arg);
    if (!ref) {
      return unsupported(arg.at, {
        en: `${node.name}() of something other than a field`,
        km: `ការប្រើ ${node.name}() លើអ្វីដែលមិនមែនជាវាល`,
      });
    }
    if (!kinds.includes(ref.field.kind)) {
      const multiOnly = kinds.length === 1;
      unsupported(arg.at, {
        en: `${node.name}() on ${ref.shown}, which is not a ${multiOnly ? 'multiple-choice' : 'choice'} field`,
        km: `ការប្រើ ${node.name}() លើ ${ref.shown} ដែលមិនមែនជាវាល${multiOnly ? 'ពហុជម្រើស' : 'ជម្រើស'}`,
      });
    }
    return ref.field;
  }

  private selected(node: Node & { type: 'call' }): Logic {
    arity(node, 2, 2);
    const [fieldArg, choiceArg] = node.args as [Node, Node];
    const field = this.choiceField(node, fieldArg, ['single', 'multi']);
    if (choiceArg.type !== 'str') {
      unsupported(choiceArg.at, {
        en: 'selected() with a choice that is not quoted text',
        km: 'ការប្រើ selected() ដែលជម្រើសមិនមែនជាអត្ថបទក្នុងសញ្ញាសម្រង់',
      });
    }
    // A multiple-choice answer is an array of choice names; a single choice is the name itself.
    const value = { var: field.path };
    return field.kind === 'multi' ? { in: [choiceArg.value, value] } : { '==': [value, choiceArg.value] };
  }
}

function isEmptyText(node: Node): boolean {
  return node.type === 'str' && node.value === '';
}

/** Translates one XPath expression of the documented subset to JSONLogic (or a bare JSON value). */
export function translateXPath(expression: string, context: XPathContext): XPathResult {
  try {
    const ast = parseExpression(expression);
    return { ok: true, logic: new LogicWriter(context).write(ast) };
  } catch (error) {
    if (error instanceof XPathFailure) return { ok: false, error: error.error };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Back end 2: a constraint that is only bounds on `.` → JSON Schema keywords.

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
