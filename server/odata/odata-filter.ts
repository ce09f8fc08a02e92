// `$filter` → a parameterised SQL condition. The text is parsed by @odata/parser (the OData ABNF,
// decision 257; loaded on the first filter: core/lazy-libraries.ts); this module walks its tree and accepts a subset: eq ne gt ge lt le, and/or/not,
// parentheses, and contains/startswith/endswith on text (and contains on a multi-select, meaning "this
// choice was picked"). A property is a submission column or a path in the answers (compared as jsonb,
// so numbers compare as numbers and dates as ISO text). Every value reaches SQL as a parameter; names
// are checked against the model, so nothing from the URL is spliced into SQL. Anything else is
// ODATA_BAD_FILTER (or ODATA_NOT_IMPLEMENTED) with the offending text.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { loadODataParser } from '../core/lazy-libraries';
import { isCalendarDate } from '../core/params';
import { Problem } from '../core/problems';
import type { EdmType, ODataEntitySet, ODataProperty } from './odata-model';

/** The longest `$filter` accepted, and the most comparisons in one. */
export const FILTER_LIMITS = { length: 2000, comparisons: 50 } as const;

interface Node {
  type: string;
  raw: string;
  value: unknown;
}

/** Where the SQL finds a set's values: the submission row and, for repeat sets, the item and its number. */
export interface FilterContext {
  answers: RawBuilder<unknown>;
  column: (name: string) => RawBuilder<unknown>;
  itemIndex?: RawBuilder<unknown>;
}

type Literal = { kind: 'null' } | { kind: 'string' | 'date' | 'datetime'; value: string } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean };

const COMPARISONS: Record<string, string> = {
  EqualsExpression: '=',
  NotEqualsExpression: '<>',
  LesserThanExpression: '<',
  LesserOrEqualsExpression: '<=',
  GreaterThanExpression: '>',
  GreaterOrEqualsExpression: '>=',
};
const FLIPPED: Record<string, string> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function bad(raw: string, en: string, km: string, code: 'ODATA_BAD_FILTER' | 'ODATA_NOT_IMPLEMENTED' = 'ODATA_BAD_FILTER'): Problem {
  return new Problem(code, { message: { en: `${en}: ${raw.slice(0, 200)}`, km: `${km}: ${raw.slice(0, 200)}` }, errors: [{ path: '$filter', keyword: code === 'ODATA_BAD_FILTER' ? 'syntax' : 'unsupported', message: { en, km } }] });
}

const NUMBER_LITERALS = new Set(['Edm.SByte', 'Edm.Byte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double', 'Edm.Single']);

function literalOf(node: Node): Literal | null {
  if (node.type !== 'Literal') return null;
  const edm = node.value as string;
  if (edm === 'null') return { kind: 'null' };
  if (edm === 'Edm.String') return { kind: 'string', value: node.raw.slice(1, -1).replace(/''/g, "'") };
  if (edm === 'Edm.Guid') return { kind: 'string', value: node.raw };
  if (edm === 'Edm.Boolean') return { kind: 'boolean', value: node.raw.toLowerCase() === 'true' };
  if (edm === 'Edm.Date') return isCalendarDate(node.raw) ? { kind: 'date', value: node.raw } : null;
  if (edm === 'Edm.DateTimeOffset') return isCalendarDate(node.raw.slice(0, 10)) && !Number.isNaN(Date.parse(node.raw)) ? { kind: 'datetime', value: node.raw } : null;
  if (NUMBER_LITERALS.has(edm)) {
    const value = Number(node.raw.replace(/[mMdDfFlL]$/, ''));
    return Number.isFinite(value) ? { kind: 'number', value } : null;
  }
  return null;
}

/** The property a member expression names (one segment: the model is flat). */
function propertyOf(node: Node, set: ODataEntitySet): ODataProperty | null {
  if (node.type !== 'FirstMemberExpression' && node.type !== 'MemberExpression') return null;
  const name = node.raw;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw bad(name, 'Properties are single names (this feed is flat)', 'លក្ខណៈសម្បត្តិគឺជាឈ្មោះតែមួយ (ទិន្នន័យនេះរាបស្មើ)');
  const property = set.properties.find((p) => p.name === name);
  if (!property) throw bad(name, `There is no property ${name} in ${set.name}`, `គ្មានលក្ខណៈសម្បត្តិ ${name} ក្នុង ${set.name} ទេ`);
  return property;
}

const LITERAL_FITS: Record<EdmType, ReadonlyArray<Literal['kind']>> = {
  'Edm.String': ['string'],
  'Edm.Int32': ['number'],
  'Edm.Int64': ['number'],
  'Edm.Double': ['number'],
  'Edm.Boolean': ['boolean'],
  'Edm.Date': ['date'],
  'Edm.DateTimeOffset': ['datetime', 'date'],
};

/** A path in the answers as a text[] parameter; names are checked identifiers, so `{a,b}` needs no quoting. */
const pathParam = (path: readonly string[]): RawBuilder<unknown> => sql`${`{${path.join(',')}}`}::text[]`;

/** The SQL value of a property for comparing (jsonb for answers, the column itself otherwise). */
function target(property: ODataProperty, ctx: FilterContext, raw: string): { expr: RawBuilder<unknown>; json: boolean } {
  const source = property.source;
  switch (source.kind) {
    case 'column':
      return { expr: source.column === 'id' ? sql`${ctx.column('id')}::text` : ctx.column(source.column), json: false };
    case 'parent-id':
      return { expr: sql`${ctx.column('id')}::text`, json: false };
    case 'item-index':
      if (ctx.itemIndex) return { expr: ctx.itemIndex, json: false };
      break;
    case 'answer':
      return { expr: sql`(${ctx.answers} #> ${pathParam(source.path)})`, json: true };
    default:
  }
  throw bad(raw, `${property.name} cannot be filtered on`, `មិនអាចតម្រងតាម ${property.name} បានទេ`, 'ODATA_NOT_IMPLEMENTED');
}

function comparison(op: string, property: ODataProperty, literal: Literal, ctx: FilterContext, raw: string): RawBuilder<SqlBool> {
  const { expr, json } = target(property, ctx, raw);
  if (property.source.kind === 'answer' && property.source.multi) throw bad(raw, `${property.name} holds several choices: use contains(${property.name},'code')`, `${property.name} មានជម្រើសច្រើន៖ សូមប្រើ contains(${property.name},'កូដ')`, 'ODATA_NOT_IMPLEMENTED');
  if (literal.kind === 'null') {
    if (op !== '=' && op !== '<>') throw bad(raw, 'null can only be compared with eq or ne', 'null អាចប្រៀបធៀបបានតែជាមួយ eq ឬ ne');
    const isNull = json ? sql<SqlBool>`(${expr} is null or ${expr} = 'null'::jsonb)` : sql<SqlBool>`${expr} is null`;
    return op === '=' ? isNull : sql<SqlBool>`not ${isNull}`;
  }
  if (!LITERAL_FITS[property.type].includes(literal.kind)) throw bad(raw, `${property.name} is ${property.type}; the value does not fit`, `${property.name} ជាប្រភេទ ${property.type}; តម្លៃមិនត្រូវគ្នាទេ`);
  if (json) {
    const value = sql`${JSON.stringify(literal.value)}::jsonb`;
    return op === '<>' ? sql<SqlBool>`${expr} is distinct from ${value}` : sql<SqlBool>`${expr} ${sql.raw(op)} ${value}`;
  }
  const value = property.source.kind === 'column' && property.source.column === 'created_at' ? sql`${literal.value}::timestamptz` : sql`${literal.value}`;
  return op === '<>' ? sql<SqlBool>`${expr} is distinct from ${value}` : sql<SqlBool>`${expr} ${sql.raw(op)} ${value}`;
}

const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function method(node: Node, set: ODataEntitySet, ctx: FilterContext): RawBuilder<SqlBool> {
  const { method: name, parameters } = node.value as { method: string; parameters: Node[] };
  if (!['contains', 'startswith', 'endswith'].includes(name)) throw bad(node.raw, `The function ${name} is not offered; use contains, startswith or endswith`, `មុខងារ ${name} មិនមានទេ; សូមប្រើ contains, startswith ឬ endswith`, 'ODATA_NOT_IMPLEMENTED');
  const property = parameters[0] ? propertyOf(parameters[0], set) : null;
  const literal = parameters[1] ? literalOf(parameters[1]) : null;
  if (!property || !literal || literal.kind !== 'string' || property.type !== 'Edm.String') throw bad(node.raw, `${name}(property, 'text') takes a text property and a text in quotes`, `${name}(លក្ខណៈសម្បត្តិ, 'អត្ថបទ') ត្រូវការលក្ខណៈសម្បត្តិអត្ថបទ និងអត្ថបទក្នុងសញ្ញាសម្រង់`);
  const source = property.source;
  if (source.kind === 'answer' && source.multi) {
    if (name !== 'contains') throw bad(node.raw, `${property.name} holds several choices: use contains`, `${property.name} មានជម្រើសច្រើន៖ សូមប្រើ contains`, 'ODATA_NOT_IMPLEMENTED');
    return sql<SqlBool>`coalesce((${ctx.answers} #> ${pathParam(source.path)}) @> ${JSON.stringify([literal.value])}::jsonb, false)`;
  }
  const text = source.kind === 'answer' ? sql`(${ctx.answers} #>> ${pathParam(source.path)})` : sql`${target(property, ctx, node.raw).expr}::text`;
  const body = likeEscape(literal.value);
  const pattern = name === 'contains' ? `%${body}%` : name === 'startswith' ? `${body}%` : `%${body}`;
  return sql<SqlBool>`coalesce(${text} like ${pattern} escape '\\', false)`;
}

function walk(node: Node, set: ODataEntitySet, ctx: FilterContext, budget: { left: number }): RawBuilder<SqlBool> {
  switch (node.type) {
    case 'AndExpression':
    case 'OrExpression': {
      const { left, right } = node.value as { left: Node; right: Node };
      const joiner = node.type === 'AndExpression' ? sql.raw('and') : sql.raw('or');
      return sql<SqlBool>`(${walk(left, set, ctx, budget)} ${joiner} ${walk(right, set, ctx, budget)})`;
    }
    case 'NotExpression':
      return sql<SqlBool>`not coalesce(${walk(node.value as Node, set, ctx, budget)}, false)`;
    case 'BoolParenExpression':
    case 'ParenExpression':
      return walk(node.value as Node, set, ctx, budget);
    case 'MethodCallExpression':
      if ((budget.left -= 1) < 0) throw tooLong(node.raw);
      return method(node, set, ctx);
    default:
  }
  const op = COMPARISONS[node.type];
  if (!op) throw bad(node.raw, 'Only eq, ne, gt, ge, lt, le, and, or, not, contains, startswith and endswith are offered', 'មានតែ eq, ne, gt, ge, lt, le, and, or, not, contains, startswith និង endswith ប៉ុណ្ណោះ', 'ODATA_NOT_IMPLEMENTED');
  if ((budget.left -= 1) < 0) throw tooLong(node.raw);
  const { left, right } = node.value as { left: Node; right: Node };
  const call = [left, right].find((n) => n.type === 'MethodCallExpression');
  if (call) throw bad(call.raw, 'Functions are offered only as contains, startswith and endswith on their own', 'មុខងារផ្តល់ជូនតែ contains, startswith និង endswith ដោយឡែកប៉ុណ្ណោះ', 'ODATA_NOT_IMPLEMENTED');
  const leftLiteral = literalOf(left);
  const [propertyNode, literalNode, operator] = leftLiteral ? [right, left, FLIPPED[op]!] : [left, right, op];
  const property = propertyOf(propertyNode, set);
  const literal = literalOf(literalNode);
  if (!property || !literal) throw bad(node.raw, 'Compare a property with a value (age gt 5)', 'ប្រៀបធៀបលក្ខណៈសម្បត្តិជាមួយតម្លៃ (age gt 5)');
  return comparison(operator, property, literal, ctx, node.raw);
}

function tooLong(raw: string): Problem {
  return bad(raw, `A $filter holds at most ${FILTER_LIMITS.comparisons} comparisons`, `$filter មួយមានការប្រៀបធៀបយ៉ាងច្រើន ${FILTER_LIMITS.comparisons}`);
}

/**
 * Parses a `$filter` over `set` and checks it (a refusal throws here, before any query), returning
 * the function that writes its SQL condition for a context (records, or a repeat's items).
 */
export async function compileFilter(text: string, set: ODataEntitySet): Promise<(ctx: FilterContext) => RawBuilder<SqlBool>> {
  if (text.length > FILTER_LIMITS.length) throw bad(text, `A $filter is at most ${FILTER_LIMITS.length} characters`, `$filter មួយមានយ៉ាងច្រើន ${FILTER_LIMITS.length} តួអក្សរ`);
  const { filter } = await loadODataParser();
  let tree: Node;
  try {
    tree = filter(text) as Node;
  } catch {
    throw bad(text, 'The $filter does not parse (OData syntax: age gt 5 and __period ge 2026-01-01)', 'មិនអាចអាន $filter បានទេ (វាក្យសម្ពន្ធ OData៖ age gt 5 and __period ge 2026-01-01)');
  }
  const condition = (ctx: FilterContext) => walk(tree, set, ctx, { left: FILTER_LIMITS.comparisons });
  condition({ answers: sql`null`, column: () => sql`null`, itemIndex: sql`null` }); // checks it now
  return condition;
}
