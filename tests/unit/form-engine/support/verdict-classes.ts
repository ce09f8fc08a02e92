// The cases where formio.js and the server used to disagree, written out with the agreed verdict:
// lengths count UTF-16 units (emoji 2, each Khmer sign 1), whitespace-only text does not answer a
// required question, patterns mean what they mean with the `u` flag. Used by the headless and the
// Chromium verdict tests.
import type { Definition, FieldSchema } from '../../../../form-engine/index';
import { constraintCases } from './constraint-cases';
import { gpsCases } from './gps-cases';

export interface VerdictCase {
  name: string;
  definition: Definition;
  data: Record<string, unknown>;
  valid: boolean;
}

function form(field: Partial<FieldSchema>, required: boolean): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': { km: 'ករណី', en: 'Case' },
    properties: { answer: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'ចម្លើយ', en: 'Answer' }, ...field } as FieldSchema },
    ...(required ? { required: ['answer'] } : {}),
    additionalProperties: false,
  };
}

const cases: Array<[string, Partial<FieldSchema>, boolean, unknown, boolean]> = [
  // [name, field keywords, required, answer, valid]
  ['two emoji are 4 units > maxLength 3', { maxLength: 3 }, false, '😀😀', false],
  ['emoji + letter is 3 units ≤ maxLength 3', { maxLength: 3 }, false, '😀a', true],
  ['one emoji is 2 units ≥ minLength 2', { minLength: 2 }, false, '😀', true],
  ['Khmer ស្រុក is 5 units ≤ maxLength 5', { maxLength: 5 }, false, 'ស្រុក', true],
  ['Khmer ស្រុក is 5 units > maxLength 4 (2 grapheme clusters)', { maxLength: 4 }, false, 'ស្រុក', false],
  ['textarea: emoji counted in units', { maxLength: 3, 'x-widget': 'textarea' }, false, '😀😀', false],
  ['spaces do not answer a required text', {}, true, '   ', false],
  ['a no-break space does not answer a required text', {}, true, '\u00a0', false],
  ['tab and newline do not answer a required textarea', { 'x-widget': 'textarea' }, true, '\t\n ', false],
  ['text with spaces around answers a required text', {}, true, ' x ', true],
  ['spaces in an optional text are kept as typed', {}, false, '   ', true],
  ['spaces in an optional text still meet its pattern', { pattern: '^[0-9]{6}$' }, false, '   ', false],
  ['spaces in an optional text still meet its minLength', { minLength: 4 }, false, '  ', false],
  ['\\p{Letter} matches Hello', { pattern: '^\\p{Letter}+$' }, false, 'Hello', true],
  ['\\p{Letter} refuses digits', { pattern: '^\\p{Letter}+$' }, false, 'H3llo', false],
  ['\\p{Letter} matches astral letters', { pattern: '^\\p{Letter}+$' }, false, '𝐀𝐁', true],
  ['\\p{Script=Khmer} matches Khmer with signs', { pattern: '^[\\p{Script=Khmer} ]+$' }, false, 'ឃុំ ភូមិ', true],
  ['\\P{Letter} refuses letters', { pattern: '^\\P{Letter}+$' }, false, 'ab', false],
  ['dot is one emoji', { pattern: '^.$' }, false, '😀', true],
  ['two dots are not one emoji', { pattern: '^..$' }, false, '😀', false],
  ['a negated class takes a whole emoji', { pattern: '^[^a]$' }, false, '😀', true],
  ['an emoji repeated', { pattern: '^😀{2}$' }, false, '😀😀', true],
  ['\\u{…} escapes', { pattern: '^\\u{1F600}+$' }, false, '😀😀😀', true],
];

export function verdictClasses(): VerdictCase[] {
  return [...cases.map(([name, field, required, answer, valid]) => ({ name, definition: form(field, required), data: { answer }, valid })), ...constraintCases, ...gpsCases];
}
