// The JSONLogic grammar indicator conditions may use: exactly what server/indicators/logic-sql.ts
// compiles to SQL with json-logic-js's meaning (docs/indicator-format.md, "JSONLogic in indicators").
// Anything whose meaning SQL cannot match is refused here, with the JSON path of the offending part,
// when a definition is checked (save, publish, preview) and again by the compiler.

/** Operations with an SQL translation (json-logic-js's meaning). */
export const SQL_OPERATIONS: ReadonlySet<string> = new Set(['==', '!=', '===', '!==', '>', '>=', '<', '<=', '!', '!!', 'and', 'or', 'in', 'var', 'all', 'some', 'none']);

/** Limits on a condition's size, so a definition cannot make a query of unbounded cost. */
export const LOGIC_LIMITS = { nodes: 200, depth: 12 } as const;

// `var` reads a property with JavaScript's `data[name]`: names inherited from the prototypes of JSON
// values (functions, `length`) would read something SQL has no equivalent for, so they are refused.
const OBJECT_INHERITED = new Set(['constructor', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString', 'valueOf']);
const VALUE_INHERITED = new Set(
  ('anchor at big blink bold charAt charCodeAt codePointAt concat copyWithin endsWith entries every fill filter find findIndex findLast ' +
    'findLastIndex fixed flat flatMap fontcolor fontsize forEach includes indexOf isWellFormed italics join keys lastIndexOf length link ' +
    'localeCompare map match matchAll normalize padEnd padStart pop push reduce reduceRight repeat replace replaceAll reverse search shift ' +
    'slice small some sort splice split startsWith strike sub substr substring sup toExponential toFixed toLocaleLowerCase ' +
    'toLocaleUpperCase toLowerCase toPrecision toReversed toSorted toSpliced toUpperCase toWellFormed trim trimEnd trimLeft trimRight ' +
    'trimStart unshift values with group groupBy groupToMap').split(' '),
);
const SEGMENT = /^[A-Za-z][A-Za-z0-9_]*$/;

export interface LogicIssue {
  /** JSON path relative to the condition, e.g. `.and.1.==.0` ('' = the condition itself). */
  path: string;
  en: string;
  km: string;
}

export class LogicSubsetError extends Error {
  constructor(readonly issue: LogicIssue) {
    super(`${issue.path || '(condition)'}: ${issue.en}`);
    this.name = 'LogicSubsetError';
  }
}

interface Walk {
  /** Inside all/some/none: `var` reads the array item. */
  element: boolean;
  /** The rows have a repeat item (`row.x`). */
  each: boolean;
  /** Shared by the whole condition. */
  seen: { nodes: number };
}

const fail = (path: string, en: string, km: string): never => {
  throw new LogicSubsetError({ path, en, km });
};

function isScalar(v: unknown): v is null | boolean | number | string {
  return v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

/** Checks a `var` name: data path segments, never an inherited JavaScript property. */
function checkPath(name: unknown, path: string, w: Walk): void {
  if (typeof name !== 'string') fail(path, 'A variable name must be text', 'ឈ្មោះអថេរត្រូវតែជាអក្សរ');
  const text = name as string;
  if (text === '') {
    if (!w.element) fail(path, 'An empty variable name reads the item of all/some/none only', 'ឈ្មោះអថេរទទេប្រើបានតែក្នុង all/some/none');
    return;
  }
  const parts = text.split('.');
  const rowItem = !w.element && parts[0] === 'row';
  if (rowItem && !w.each) fail(path, '"row." reads the repeat item: every source needs "each"', '"row." អានធាតុនៃក្រុមដដែលៗ៖ ប្រភពទាំងអស់ត្រូវការ "each"');
  if (rowItem && parts.length === 1) fail(path, '"row" alone is not a value: read one of its fields', '"row" តែឯងមិនមែនជាតម្លៃ៖ សូមអានវាលមួយរបស់វា');
  parts.forEach((seg, i) => {
    if (!SEGMENT.test(seg)) fail(path, `"${text}" is not a data path (letters, digits and _, separated by dots)`, `"${text}" មិនមែនជាផ្លូវទិន្នន័យ`);
    // The submission itself is always an object; anything deeper may be a string or an array.
    const onObject = i === 0 && !w.element;
    if (OBJECT_INHERITED.has(seg) || (!onObject && !(rowItem && i === 0) && VALUE_INHERITED.has(seg))) {
      fail(path, `"${seg}" is a built-in name and cannot be read as a field here`, `"${seg}" ជាឈ្មោះមានស្រាប់ មិនអាចអានជាវាលបានទេ`);
    }
  });
}

function argsOf(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [raw];
}

function arity(args: unknown[], counts: number[], op: string, path: string): void {
  if (!counts.includes(args.length)) fail(path, `"${op}" takes ${counts.join(' or ')} argument(s) here`, `"${op}" ត្រូវការអាគុយម៉ង់ ${counts.join(' ឬ ')}`);
}

/** A condition: its truthiness is what counts (and/or may appear only here). */
function condition(node: unknown, path: string, w: Walk, depth: number): void {
  if (isOperation(node)) {
    const [op, raw] = Object.entries(node)[0]!;
    if (op === 'and' || op === 'or') {
      const args = argsOf(raw);
      if (args.length === 0) fail(`${path}.${op}`, `"${op}" needs at least one condition`, `"${op}" ត្រូវការលក្ខខណ្ឌយ៉ាងតិចមួយ`);
      count(w, path, depth);
      args.forEach((a, i) => condition(a, Array.isArray(raw) ? `${path}.${op}.${i}` : `${path}.${op}`, w, depth + 1));
      return;
    }
  }
  value(node, path, w, depth);
}

function count(w: Walk, path: string, depth: number): void {
  w.seen.nodes += 1;
  if (w.seen.nodes > LOGIC_LIMITS.nodes || depth > LOGIC_LIMITS.depth) fail(path, `A condition may have at most ${LOGIC_LIMITS.nodes} parts, ${LOGIC_LIMITS.depth} deep`, `លក្ខខណ្ឌអាចមានយ៉ាងច្រើន ${LOGIC_LIMITS.nodes} ផ្នែក`);
}

function isOperation(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;
}

/** A value: a literal, a variable, or an operation giving true/false. */
function value(node: unknown, path: string, w: Walk, depth: number): void {
  count(w, path, depth);
  if (isScalar(node)) return;
  if (Array.isArray(node)) fail(path, 'A list is allowed only as the second argument of "in"', 'បញ្ជីប្រើបានតែជាអាគុយម៉ង់ទីពីរនៃ "in"');
  if (!isOperation(node)) fail(path, 'Not a JSONLogic operation', 'មិនមែនជាប្រមាណវិធី JSONLogic');
  const [op, raw] = Object.entries(node as Record<string, unknown>)[0]!;
  const at = `${path}.${op}`;
  const args = argsOf(raw);
  const argPath = (i: number) => (Array.isArray(raw) ? `${at}.${i}` : at);
  if (!SQL_OPERATIONS.has(op)) fail(at, `Operation "${op}" is not supported in indicators`, `ប្រមាណវិធី "${op}" មិនអាចប្រើក្នុងសូចនាករ`);
  switch (op) {
    case 'var':
      arity(args, [1, 2], op, at);
      checkPath(args[0], argPath(0), w);
      if (args.length === 2 && !isScalar(args[1])) fail(argPath(1), 'A default must be a plain value', 'តម្លៃលំនាំដើមត្រូវតែជាតម្លៃធម្មតា');
      return;
    case 'and':
    case 'or':
      return fail(at, `"${op}" gives one of its values: use it as a condition, not as a value to compare`, `"${op}" ប្រើបានតែជាលក្ខខណ្ឌ មិនមែនជាតម្លៃសម្រាប់ប្រៀបធៀបទេ`);
    case '!':
    case '!!':
      arity(args, [1], op, at);
      return condition(args[0], argPath(0), w, depth + 1);
    case '<':
    case '<=':
      arity(args, [2, 3], op, at);
      return args.forEach((a, i) => value(a, argPath(i), w, depth + 1));
    case 'in': {
      arity(args, [2], op, at);
      value(args[0], argPath(0), w, depth + 1);
      const hay = args[1];
      if (Array.isArray(hay)) {
        hay.forEach((h, i) => {
          if (!isScalar(h)) fail(`${argPath(1)}.${i}`, 'List items must be plain values', 'ធាតុក្នុងបញ្ជីត្រូវតែជាតម្លៃធម្មតា');
        });
        return;
      }
      return value(hay, argPath(1), w, depth + 1);
    }
    case 'all':
    case 'some':
    case 'none':
      arity(args, [2], op, at);
      value(args[0], argPath(0), w, depth + 1);
      return condition(args[1], argPath(1), { ...w, element: true }, depth + 1);
    default:
      // ==, !=, ===, !==, >, >=
      arity(args, [2], op, at);
      return args.forEach((a, i) => value(a, argPath(i), w, depth + 1));
  }
}

/**
 * Throws LogicSubsetError (with the path of the offending part, relative to the condition) when the
 * condition uses anything outside the grammar. `each`: every source reads a repeat item (`row.x`).
 */
export function assertLogicSubset(logic: unknown, options: { each: boolean }): void {
  condition(logic, '', { element: false, each: options.each, seen: { nodes: 0 } }, 0);
}

/** The same check as a list (empty when the condition is fine). */
export function logicSubsetIssues(logic: unknown, options: { each: boolean }): LogicIssue[] {
  try {
    assertLogicSubset(logic, options);
    return [];
  } catch (e) {
    if (e instanceof LogicSubsetError) return [e.issue];
    throw e;
  }
}
