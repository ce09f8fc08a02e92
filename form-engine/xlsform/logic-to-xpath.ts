// JSONLogic (conditions and calculations of a definition) → XLSForm XPath, for the XLSForm export:
// the inverse of xpath-to-logic.ts over the same subset, written with full parentheses so precedence
// never changes the meaning. What XPath cannot say (iterating operations other than counting the
// choices of a multiselect, defaults in `var`) is refused with the operation's name; `missing` is
// written as `${a} = '' or ${b} = ''`.
import type { JsonLogic } from '../model/types';

export interface LogicVariable {
  /** The XLSForm name the data path reads (`participants.female` → `female`). */
  name: string;
  multi: boolean;
  /** Written as a bare name, not `${name}`: a choices-sheet column read by a choice_filter. */
  bare?: boolean;
}

export type XPathText = { ok: true; xpath: string } | { ok: false; operation: string };

class Refused extends Error {
  constructor(readonly operation: string) {
    super(operation);
  }
}

function literal(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true()' : 'false()';
  if (value === null) return "''";
  if (typeof value === 'string') {
    if (!value.includes("'")) return `'${value}'`;
    if (!value.includes('"')) return `"${value}"`;
    throw new Refused('a text with both quote marks');
  }
  throw new Refused(Array.isArray(value) ? 'a list' : typeof value);
}

/** `{"+": [{"var": "accumulator"}, 1]}` with 0 as the start: counting the items of a list. */
function isCount(args: unknown[]): boolean {
  const [, step, start] = args;
  const plus = step as { '+'?: unknown[] } | null;
  return start === 0 && !!plus && Array.isArray(plus['+']) && plus['+'].length === 2 && JSON.stringify(plus['+'][0]) === '{"var":"accumulator"}' && plus['+'][1] === 1;
}

export function logicToXPath(logic: unknown, variable: (path: string) => LogicVariable | undefined): XPathText {
  const text = (node: unknown): string => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return literal(node);
    const [op, raw] = Object.entries(node as JsonLogic)[0] ?? [];
    if (op === undefined) throw new Refused('an empty operation');
    const args = Array.isArray(raw) ? raw : [raw];
    const all = () => args.map(text);
    const binary = (symbol: string) => {
      if (args.length !== 2) throw new Refused(`${op} with ${args.length} values`);
      return `(${text(args[0])} ${symbol} ${text(args[1])})`;
    };
    switch (op) {
      case 'var': {
        if (args.length > 1) throw new Refused('var with a default');
        const found = typeof args[0] === 'string' ? variable(args[0]) : undefined;
        if (!found) throw new Refused(`var ${JSON.stringify(args[0])}`);
        return found.bare ? found.name : `\${${found.name}}`;
      }
      case 'missing': {
        // Some of the named fields unanswered (JSONLogic treats '' and null alike, as XPath's = '' does).
        const names = args.map((name) => {
          const found = typeof name === 'string' ? variable(name) : undefined;
          if (!found) throw new Refused(`missing ${JSON.stringify(name)}`);
          return `\${${found.name}} = ''`;
        });
        return names.length ? `(${names.join(' or ')})` : 'false()';
      }
      case '==':
      case '===':
        return binary('=');
      case '!=':
      case '!==':
        return binary('!=');
      case '<':
      case '<=':
      case '>':
      case '>=':
        return binary(op);
      case 'and':
      case 'or':
        return `(${all().join(` ${op} `)})`;
      case '!':
        return `not(${text(args[0])})`;
      case '!!':
        return `boolean(${text(args[0])})`;
      case 'if': {
        if (args.length < 2) throw new Refused('if without a value');
        const chain = (rest: unknown[]): string => (rest.length === 1 ? text(rest[0]) : rest.length === 2 ? `if(${text(rest[0])}, ${text(rest[1])}, '')` : `if(${text(rest[0])}, ${text(rest[1])}, ${chain(rest.slice(2))})`);
        return chain(args);
      }
      case 'in': {
        const [needle, haystack] = args;
        const hay = haystack as { var?: unknown } | unknown[];
        if (!Array.isArray(hay) && hay && typeof hay === 'object' && typeof hay.var === 'string') {
          const found = variable(hay.var);
          if (found?.multi) return `selected(\${${found.name}}, ${literal(needle)})`;
          return `contains(${text(haystack)}, ${text(needle)})`;
        }
        if (Array.isArray(hay)) return `(${hay.map((v) => `${text(needle)} = ${literal(v)}`).join(' or ') || 'false()'})`;
        throw new Refused('in');
      }
      case '+':
        return args.length === 1 ? (typeof args[0] === 'number' ? literal(args[0]) : `number(${text(args[0])})`) : `(${all().join(' + ')})`;
      case '*':
        return `(${all().join(' * ')})`;
      case '-':
        return args.length === 1 ? `(-${text(args[0])})` : binary('-');
      case '/':
        return binary('div');
      case '%':
        return binary('mod');
      case 'min':
      case 'max':
        return `${op}(${all().join(', ')})`;
      case 'cat':
        return args.length === 1 ? text(args[0]) : `concat(${all().join(', ')})`;
      case 'reduce': {
        const list = args[0] as { var?: unknown } | null;
        const found = list && typeof list === 'object' && typeof list.var === 'string' ? variable(list.var) : undefined;
        if (found?.multi && isCount(args)) return `count-selected(\${${found.name}})`;
        throw new Refused('reduce');
      }
      default:
        throw new Refused(op);
    }
  };
  try {
    return { ok: true, xpath: text(logic) };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, operation: error.operation };
    throw error;
  }
}
