// Cascading-choice cases (x-choice-filter) shared by the headless and the Chromium verdict tests and
// the unit tests: a province → district form (select, radio, multiselect, inside a repeat too) with
// answers whose verdicts are stated.
import type { Definition, FieldSchema } from '../../../../form-engine/index';
import type { VerdictCase } from './verdict-classes';

const label = (en: string, km: string) => ({ en, km });

export const DISTRICTS: Record<string, string> = { d0101: 'p01', d0102: 'p01', d0201: 'p02', d0202: 'p02', d0301: 'p03' };

function options(values: string[]): Pick<FieldSchema, 'x-enum-labels' | 'x-enum-data'> {
  return {
    'x-enum-labels': Object.fromEntries(values.map((v) => [v, label(`District ${v}`, `ស្រុក ${v}`)])),
    'x-enum-data': Object.fromEntries(values.map((v) => [v, { province: DISTRICTS[v] as string }])),
  };
}

const byProvince = (parent: string) => ({ '==': [{ var: 'choice.province' }, { var: parent }] });

/** Province (radio) → district (select), districts (multiselect) and, in each visit row, a district. */
export function cascadeDefinition(widget: 'select' | 'radio' = 'select'): Definition {
  const values = Object.keys(DISTRICTS);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': label('Cascade', 'តម្រង'),
    'x-order': ['province', 'district', 'also', 'visits'],
    properties: {
      province: {
        type: 'string',
        'x-widget': 'radio',
        'x-label': label('Province', 'ខេត្ត'),
        enum: ['p01', 'p02', 'p03'],
        'x-enum-labels': { p01: label('One', 'មួយ'), p02: label('Two', 'ពីរ'), p03: label('Three', 'បី') },
      },
      district: { type: 'string', 'x-widget': widget, 'x-label': label('District', 'ស្រុក'), enum: values, ...options(values), 'x-choice-filter': byProvince('province') },
      also: {
        type: 'array',
        'x-widget': 'multiselect',
        'x-label': label('Other districts', 'ស្រុកផ្សេងទៀត'),
        items: { type: 'string', enum: values },
        uniqueItems: true,
        ...options(values),
        'x-choice-filter': { and: [byProvince('province'), { '!=': [{ var: 'choice.value' }, { var: 'district' }] }] },
      },
      visits: {
        type: 'array',
        'x-widget': 'repeat',
        'x-label': label('Visits', 'ដំណើរ'),
        items: {
          type: 'object',
          'x-order': ['where', 'place'],
          properties: {
            where: { type: 'string', 'x-widget': 'select', 'x-label': label('Province', 'ខេត្ត'), enum: ['p01', 'p02', 'p03'], 'x-enum-labels': { p01: label('One', 'មួយ'), p02: label('Two', 'ពីរ'), p03: label('Three', 'បី') } },
            place: { type: 'string', 'x-widget': 'select', 'x-label': label('District', 'ស្រុក'), enum: values, ...options(values), 'x-choice-filter': byProvince('row.where') },
          },
        },
      },
    },
    required: ['province', 'district'],
    additionalProperties: false,
  };
}

const cases: Array<[string, 'select' | 'radio', Record<string, unknown>, boolean]> = [
  ['a district of the chosen province', 'select', { province: 'p01', district: 'd0102', visits: [] }, true],
  ['a district of another province is refused', 'select', { province: 'p01', district: 'd0201', visits: [] }, false],
  ['radio: a district of another province is refused', 'radio', { province: 'p02', district: 'd0301', visits: [] }, false],
  ['radio: a district of the chosen province', 'radio', { province: 'p03', district: 'd0301', visits: [] }, true],
  ['multiselect: every pick offered', 'select', { province: 'p01', district: 'd0101', also: ['d0102'], visits: [] }, true],
  ['multiselect: one pick of another province is refused', 'select', { province: 'p01', district: 'd0101', also: ['d0102', 'd0202'], visits: [] }, false],
  ['multiselect: a pick the filter excludes by value is refused', 'select', { province: 'p01', district: 'd0101', also: ['d0101'], visits: [] }, false],
  ['repeat row: a district of the row province', 'select', { province: 'p02', district: 'd0201', visits: [{ where: 'p01', place: 'd0101' }, { where: 'p03', place: 'd0301' }] }, true],
  ['repeat row: a district of another row province is refused', 'select', { province: 'p02', district: 'd0201', visits: [{ where: 'p01', place: 'd0101' }, { where: 'p03', place: 'd0101' }] }, false],
  ['repeat row: no row province offers no district', 'select', { province: 'p02', district: 'd0201', visits: [{ place: 'd0101' }] }, false],
];

/** Whole-number options: a zone (1–2) and its villages (radio), villages carrying their zone as a number. */
export function numericCascade(): Definition {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': 'form',
    'x-title': label('Zones', 'តំបន់'),
    'x-order': ['zone', 'village'],
    properties: {
      zone: { type: 'integer', 'x-widget': 'select', 'x-label': label('Zone', 'តំបន់'), enum: [1, 2], 'x-enum-labels': { 1: label('One', 'មួយ'), 2: label('Two', 'ពីរ') } },
      village: {
        type: 'integer',
        'x-widget': 'radio',
        'x-label': label('Village', 'ភូមិ'),
        enum: [10, 11, 20],
        'x-enum-labels': { 10: label('Ten', 'ដប់'), 11: label('Eleven', 'ដប់មួយ'), 20: label('Twenty', 'ម្ភៃ') },
        'x-enum-data': { 10: { zone: 1 }, 11: { zone: 1 }, 20: { zone: 2 } },
        'x-choice-filter': { '===': [{ var: 'choice.zone' }, { var: 'zone' }] },
      },
    },
    additionalProperties: false,
  };
}

export function cascadeClasses(): VerdictCase[] {
  return [
    ...cases.map(([name, widget, data, valid]) => ({ name: `cascading choices: ${name}`, definition: cascadeDefinition(widget), data, valid })),
    { name: 'cascading choices: whole numbers, a village of the zone', definition: numericCascade(), data: { zone: 2, village: 20 }, valid: true },
    { name: 'cascading choices: whole numbers, a village of another zone is refused', definition: numericCascade(), data: { zone: 1, village: 20 }, valid: false },
    { name: 'cascading choices: whole numbers, no zone offers no village', definition: numericCascade(), data: { village: 10 }, valid: false },
  ];
}
