// XLSForm XPath → JSONLogic (form-engine/xlsform/xpath-to-logic.ts): the translation table in
// tests/fixtures/xlsform/xpath-translations.json (one test per row), the error offsets and messages,
// the length and depth caps, what the emitted logic computes, and the constraint → JSON Schema helper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateLogic } from '../../../form-engine/logic/evaluate';
import { disallowedOperations } from '../../../form-engine/logic/collect-vars';
import {
  constraintToKeywords,
  translateXPath,
  type XPathContext,
  type XPathError,
  type XPathField,
  type XPathFieldKind,
} from '../../../form-engine/xlsform/xpath-to-logic';

interface Row {
  xpath: string;
  self?: string;
  logic?: unknown;
  error?: XPathError['code'];
  /** Expected offset of the error, when the row checks it. */
  at?: number;
  /** A choice_filter row: bare names are the choices sheet's columns `province` and `cf` (`name` is the choice). */
  choice?: boolean;
}

const table = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'xlsform', 'xpath-translations.json'), 'utf8')) as Row[];

const FIELDS: Record<string, XPathField> = {
  age: { path: 'age', kind: 'number' },
  total: { path: 'participants.total', kind: 'number' },
  female: { path: 'participants.female', kind: 'number' },
  name: { path: 'name', kind: 'text' },
  sex: { path: 'sex', kind: 'single' },
  issues: { path: 'issues', kind: 'multi' },
  when: { path: 'when', kind: 'date' },
  status: { path: 'row.status', kind: 'single' },
  ok: { path: 'ok', kind: 'boolean' },
};

const CHOICE_COLUMNS = new Set(['province', 'cf']);

function context(self?: string, choice = false): XPathContext {
  const ctx: XPathContext = { field: (name) => (Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined) };
  if (choice) ctx.choice = (name) => (name === 'name' ? 'choice.value' : CHOICE_COLUMNS.has(name) ? `choice.${name}` : undefined);
  if (self !== undefined) {
    const field = FIELDS[self];
    if (!field) throw new Error(`table row names an unknown self field ${self}`);
    ctx.self = field;
  }
  return ctx;
}

function errorOf(expression: string, self?: string): XPathError {
  const result = translateXPath(expression, context(self));
  if (result.ok) throw new Error(`expected an error for ${expression}, got ${JSON.stringify(result.logic)}`);
  return result.error;
}

function logicOf(expression: string, self?: string): unknown {
  const result = translateXPath(expression, context(self));
  if (!result.ok) throw new Error(`expected a translation of ${expression}, got ${result.error.message.en}`);
  return result.logic;
}

describe('translation table', () => {
  it('has rows of both kinds, each well formed', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
    for (const row of table) expect(('logic' in row) !== ('error' in row), row.xpath).toBe(true);
    expect(new Set(table.map((row) => `${row.xpath}\u0000${row.self ?? ''}\u0000${row.choice ?? ''}`)).size).toBe(table.length);
  });

  for (const row of table) {
    const title = `${JSON.stringify(row.xpath)}${row.self ? ` (. = ${row.self})` : ''}${row.choice ? ' (choice_filter)' : ''} → ${row.error ?? JSON.stringify(row.logic)}`;
    it(title, () => {
      const result = translateXPath(row.xpath, context(row.self, row.choice));
      if (row.error) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error.code).toBe(row.error);
        if (row.at !== undefined) expect(result.error.at).toBe(row.at);
        expect(result.error.at).toBeGreaterThanOrEqual(0);
        expect(result.error.at).toBeLessThanOrEqual(row.xpath.length);
        expect(result.error.message.en).toMatch(new RegExp(` at character ${result.error.at}$`));
        expect(result.error.message.km).toMatch(new RegExp(` នៅតួអក្សរទី ${result.error.at}$`));
      } else {
        expect(result).toEqual({ ok: true, logic: row.logic });
        if (result.ok) expect(disallowedOperations(result.logic)).toEqual([]);
      }
    });
  }
});

describe('error offsets and messages', () => {
  it('names an unsupported function and where it starts', () => {
    expect(errorOf('${age} > today()')).toEqual({
      code: 'XPATH_UNSUPPORTED',
      at: 9,
      message: { en: 'Unsupported function today() at character 9', km: 'មិនគាំទ្រអនុគមន៍ today() នៅតួអក្សរទី 9' },
    });
    expect(errorOf('jr:choice-name(${sex}, "${sex}")').message.en).toBe('Unsupported function jr:choice-name() at character 0');
  });

  it('names an unknown field', () => {
    expect(errorOf('${age} > 1 or ${village} = "x"')).toEqual({
      code: 'XPATH_UNKNOWN_FIELD',
      at: 14,
      message: { en: 'Unknown field ${village} at character 14', km: 'មិនស្គាល់វាល ${village} នៅតួអក្សរទី 14' },
    });
  });

  it('reports the first problem from the left, syntax before meaning', () => {
    expect(errorOf('today() and ${x} and ${y}').at).toBe(0);
    expect(errorOf('${x} and today()').code).toBe('XPATH_UNKNOWN_FIELD');
    // A malformed expression is refused as such even where an earlier part is also unsupported.
    expect(errorOf('today() and (1').code).toBe('XPATH_SYNTAX');
  });

  it('explains syntax errors', () => {
    expect(errorOf('${age} >').message).toEqual({ en: 'The expression ends too early at character 8', km: 'កន្សោមបញ្ចប់មុនពេល នៅតួអក្សរទី 8' });
    expect(errorOf('(${age} > 1').message.en).toBe('Missing “)” at character 11');
    expect(errorOf('${age} > 1)').message.en).toBe('Unexpected “)” at character 10');
    expect(errorOf("'open").message.en).toBe('Unclosed quote \' at character 0');
    expect(errorOf('not(1, 2)').message).toEqual({
      en: 'not() takes 1 argument, not 2, at character 0',
      km: 'អនុគមន៍ not() ត្រូវការអាគុយម៉ង់ 1 មិនមែន 2 ទេ នៅតួអក្សរទី 0',
    });
    expect(errorOf('').message.en).toBe('The expression is empty at character 0');
  });

  it('says why `.` and multiple-choice fields are refused', () => {
    expect(errorOf('. > 1').message).toEqual({
      en: '“.” (the current field) cannot be used in this expression at character 0',
      km: 'មិនអាចប្រើ “.” (វាលបច្ចុប្បន្ន) ក្នុងកន្សោមនេះទេ នៅតួអក្សរទី 0',
    });
    expect(errorOf('${issues} = "a"').message.en).toContain('multiple-choice field ${issues}');
    expect(errorOf('selected(${name}, "a")').message.en).toBe('Unsupported selected() on ${name}, which is not a choice field at character 9');
    expect(errorOf('/data/age').message.en).toContain('path “/”');
  });

  it('caps the length at 2,000 characters', () => {
    const ok = `${'1 + '.repeat(499)}1234`; // 2,000 characters
    expect(ok.length).toBe(2000);
    expect(translateXPath(ok, context()).ok).toBe(true);
    const long = `${ok} `;
    expect(errorOf(long)).toMatchObject({ code: 'XPATH_UNSUPPORTED', at: 2000 });
    expect(errorOf(long).message.en).toBe('Unsupported expression longer than 2000 characters at character 2000');
  });

  it('caps nesting at 50 levels', () => {
    expect(logicOf(`${'('.repeat(50)}1${')'.repeat(50)}`)).toBe(1);
    expect(errorOf(`${'('.repeat(51)}1${')'.repeat(51)}`)).toMatchObject({ code: 'XPATH_UNSUPPORTED', at: 50 });
    expect(errorOf(`${'not('.repeat(51)}1${')'.repeat(51)}`)).toMatchObject({ code: 'XPATH_UNSUPPORTED', at: 50 * 4 + 3 });
    expect(logicOf(`${'-'.repeat(50)}1`)).toBe(1);
    expect(errorOf(`${'-'.repeat(51)}1`).message.en).toBe('Unsupported nesting deeper than 50 levels at character 50');
  });

  it('stays linear on hostile input', () => {
    const started = performance.now();
    for (const hostile of ['('.repeat(2000), "'".repeat(1999), '${'.repeat(1000), '-'.repeat(2000), `${'1 and '.repeat(285)}1`]) {
      translateXPath(hostile, context());
      constraintToKeywords(hostile, 'number');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the emitted logic computes what the XPath means', () => {
  const data = { age: 30, participants: { total: 10, female: 4 }, name: 'Sok', sex: 'f', issues: ['water', 'roads'], ok: true };

  it('evaluates precedence, selections and counts', () => {
    expect(evaluateLogic(logicOf('1 + 2 * 3 - 4 div 2'), data)).toBe(5);
    expect(evaluateLogic(logicOf('-${age} + 1'), data)).toBe(-29);
    expect(evaluateLogic(logicOf('10 - 4 - 3'), data)).toBe(3);
    expect(evaluateLogic(logicOf('${female} div ${total} * 100'), data)).toBe(40);
    expect(evaluateLogic(logicOf('${total} mod 3'), data)).toBe(1);
    expect(evaluateLogic(logicOf('count-selected(${issues})'), data)).toBe(2);
    expect(evaluateLogic(logicOf('count-selected(${issues})'), {})).toBe(0);
    expect(evaluateLogic(logicOf("selected(${issues}, 'roads') and not(selected(${issues}, 'power'))"), data)).toBe(true);
    expect(evaluateLogic(logicOf("selected(${sex}, 'm') or ${age} > 18 and ${ok}"), data)).toBe(true);
    expect(evaluateLogic(logicOf("if(${age} < 18, 'child', concat('adult ', ${name}))"), data)).toBe('adult Sok');
    expect(evaluateLogic(logicOf('max(${total}, ${female}, 7) - min(${total}, ${female})'), data)).toBe(6);
    expect(evaluateLogic(logicOf("selected(${status}, 'done')"), data, { status: 'done' })).toBe(true);
  });
});

describe('constraintToKeywords', () => {
  const cases: Array<[string, XPathFieldKind, ReturnType<typeof constraintToKeywords>]> = [
    ['. >= 0', 'number', { minimum: 0 }],
    ['. > 0', 'number', { exclusiveMinimum: 0 }],
    ['. <= 120', 'number', { maximum: 120 }],
    ['. < 120', 'number', { exclusiveMaximum: 120 }],
    ['. &gt;= 0 and . &lt;= 120', 'number', { minimum: 0, maximum: 120 }],
    ['0 <= . and 120 > .', 'number', { minimum: 0, exclusiveMaximum: 120 }],
    ['. >= -5.5 and (. <= -1)', 'number', { minimum: -5.5, maximum: -1 }],
    ['. >= 1 and . >= 3 and . <= 9 and . <= 7', 'number', { minimum: 3, maximum: 7 }],
    ['string-length(.) <= 10', 'text', { maxLength: 10 }],
    ['string-length(.) < 5', 'text', { maxLength: 4 }],
    ['string-length(.) >= 2', 'text', { minLength: 2 }],
    ['string-length(.) > 2', 'text', { minLength: 3 }],
    ['10 >= string-length(.)', 'text', { maxLength: 10 }],
    ['string-length(.) > 2.5', 'text', { minLength: 3 }],
    ["regex(., '^[0-9]{3}$')", 'text', { pattern: '^[0-9]{3}$' }],
    ["string-length(.) >= 1 and regex(., \"^[A-Z]\") and string-length(.) < 21", 'text', { minLength: 1, pattern: '^[A-Z]', maxLength: 20 }],
    ['. = 5', 'number', undefined],
    ['. != 5', 'number', undefined],
    ['. >= ${age}', 'number', undefined],
    ['. >= 0 or . <= 10', 'number', undefined],
    ['not(. > 5)', 'number', undefined],
    ['. >= 0 and ${age} > 1', 'number', undefined],
    ['. >= 1 + 1', 'number', undefined],
    ['. > 0', 'text', undefined],
    ['. > 0', 'date', undefined],
    ['string-length(.) <= 10', 'number', undefined],
    ["regex(., 'x')", 'number', undefined],
    ["regex(${name}, 'x')", 'text', undefined],
    ["regex(., 'a') and regex(., 'b')", 'text', undefined],
    ['string-length(.) < 0', 'text', undefined],
    ['string-length(${name}) < 5', 'text', undefined],
    ['. >= today()', 'number', undefined],
    ['. >=', 'number', undefined],
    ['', 'number', undefined],
  ];
  for (const [expression, kind, expected] of cases) {
    it(`${JSON.stringify(expression)} on ${kind} → ${JSON.stringify(expected)}`, () => {
      expect(constraintToKeywords(expression, kind)).toEqual(expected);
    });
  }

  it('allows regex() only through this helper', () => {
    expect(errorOf("regex(., '^a')", 'name').message.en).toBe('Unsupported function regex() at character 0');
  });
});
