// XLSForm's relevant, constraint, calculation and choice_filter cells are XPath; SA Studio forms speak
// JSONLogic. This is the JSONLogic back end of the documented subset and the one module importers use:
// it re-exports the public names of the tokenizer, parser and constraint stages, so none of them moves.
import type { JsonLogic } from '../model/types';
import { XPATH_MAX_DEPTH, XPATH_MAX_LENGTH, chain, negate, parseExpression } from './xpath-parse';
import type { Node } from './xpath-parse';
import { constraintToKeywords } from './xpath-constraint';
import type { ConstraintKeywords, XPathFieldKind } from './xpath-constraint';
import { XPathFailure, fail, unsupported } from './xpath-tokens';
import type { XPathError } from './xpath-tokens';

export { XPATH_MAX_DEPTH, XPATH_MAX_LENGTH, constraintToKeywords };
export type { ConstraintKeywords, XPathError, XPathFieldKind };

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
  /**
   * In a choice_filter only: a bare name (a column of the choices sheet) → the JSONLogic `var` it
   * reads (`choice.value` for `name`, `choice.<column>`), or undefined when the list has no such column.
   */
  choice?: (name: string) => string | undefined;
}

export type XPathResult = { ok: true; logic: JsonLogic | string | number | boolean } | { ok: false; error: XPathError };

// ---------------------------------------------------------------------------------------------------
// Back end 1: JSONLogic (only operations in form-engine/logic/operations.ts).

type Logic = JsonLogic | string | number | boolean;

const COMPARISON: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const ARITHMETIC: Record<string, string> = { '+': '+', '-': '-', '*': '*', div: '/', mod: '%' };

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
      case 'choice': {
        const path = this.context.choice?.(node.name);
        if (!path) fail('XPATH_UNKNOWN_FIELD', node.at, { en: `The choices of this list have no column “${node.name}”`, km: `ជម្រើសនៃបញ្ជីនេះគ្មានជួរឈរ “${node.name}” ទេ` });
        return { var: path };
      }
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
    // `selected(${picked}, name)` in a choice_filter: the choices picked in an earlier question.
    const choice: Logic | undefined = choiceArg.type === 'choice' ? this.write(choiceArg) : undefined;
    if (choice !== undefined) return field.kind === 'multi' ? { in: [choice, { var: field.path }] } : { '==': [{ var: field.path }, choice] };
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
    const ast = parseExpression(expression, context.choice !== undefined);
    return { ok: true, logic: new LogicWriter(context).write(ast) };
  } catch (error) {
    if (error instanceof XPathFailure) return { ok: false, error: error.error };
    throw error;
  }
}
