// The builder's cascading choices (web/lib/builder/cascade.ts): what the point-and-click editor writes
// into Form.io JSON comes out of fromFormio as the definition's x-enum-data and x-choice-filter with
// the options the engine offers; a filter of another shape is "custom" and kept; removed options and
// renamed parents are followed.
import { describe, expect, it, vi } from 'vitest';
import { fromFormio, offeredOptions, toFormio, type Definition, type FormioComponent, type FormioForm } from '../../form-engine/index';
import { cascadeDefinition } from './form-engine/support/cascade';

vi.mock('$engine', () => import('../../form-engine/index'));
// Loaded by path so the Node type check (which has no $engine alias) does not compile the web modules.
const webCascade = '../../web/lib/builder/cascade';
type Cascade = { parent: string; attribute: string; belongs: Record<string, string> };
const C = (await import(/* @vite-ignore */ webCascade)) as {
  cascadeOf: (c: FormioComponent) => Cascade | 'custom' | null;
  setCascade: (c: FormioComponent, cascade: Cascade | null, values: readonly string[]) => void;
  pruneCascade: (c: FormioComponent, values: readonly string[]) => void;
  renameCascadeVars: (form: { components: FormioComponent[] }, before: string, after: string) => void;
};

const find = (form: FormioForm, key: string): FormioComponent => {
  const walk = (list: FormioComponent[]): FormioComponent | undefined => list.map((c) => (c.key === key ? c : c.components ? walk(c.components) : undefined)).find(Boolean);
  return walk(form.components)!;
};

function plainForm(): FormioForm {
  const definition = cascadeDefinition();
  for (const f of [definition.properties.district!, definition.properties.also!]) {
    delete f['x-choice-filter'];
    delete f['x-enum-data'];
  }
  return toFormio(definition, 'en');
}

describe('builder cascading choices', () => {
  it('writes what the engine reads: each option belongs to an answer of the parent, one to none', () => {
    const form = plainForm();
    const district = find(form, 'district');
    expect(C.cascadeOf(district)).toBeNull();
    C.setCascade(district, { parent: 'province', attribute: 'province', belongs: { d0101: 'p01', d0102: 'p01', d0201: 'p02', d0202: '' } }, ['d0101', 'd0102', 'd0201', 'd0202', 'd0301']);
    const back = fromFormio(form) as Definition;
    const field = back.properties.district!;
    expect(field['x-choice-filter']).toEqual({ '==': [{ var: 'choice.province' }, { var: 'province' }] });
    expect(field['x-enum-data']).toEqual({ d0101: { province: 'p01' }, d0102: { province: 'p01' }, d0201: { province: 'p02' } });
    const options = field.enum!.map((value) => ({ value: value as string, label: { km: '', en: '' }, ...(field['x-enum-data']![value as string] ? { data: field['x-enum-data']![value as string] } : {}) }));
    expect(offeredOptions(field['x-choice-filter'], options, { province: 'p01' }).map((o) => o.value)).toEqual(['d0101', 'd0102']);
    expect(offeredOptions(field['x-choice-filter'], options, { province: 'p03' }).map((o) => o.value)).toEqual([]);
    expect(C.cascadeOf(district)).toEqual({ parent: 'province', attribute: 'province', belongs: { d0101: 'p01', d0102: 'p01', d0201: 'p02' } });
    C.setCascade(district, null, []);
    expect(fromFormio(form).properties.district!['x-choice-filter']).toBeUndefined();
  });

  it('calls a filter of another shape custom, drops removed options and follows a renamed parent', () => {
    const form = toFormio(cascadeDefinition(), 'en');
    expect(C.cascadeOf(find(form, 'also'))).toBe('custom');
    const district = find(form, 'district');
    expect(C.cascadeOf(district)).toMatchObject({ parent: 'province', attribute: 'province' });
    C.pruneCascade(district, ['d0101']);
    expect((C.cascadeOf(district) as Cascade).belongs).toEqual({ d0101: 'p01' });
    C.renameCascadeVars(form, 'province', 'region');
    expect(C.cascadeOf(district)).toMatchObject({ parent: 'region', attribute: 'province' });
    expect(JSON.parse(find(form, 'also').properties!.choiceFilter!)).toEqual({ and: [{ '==': [{ var: 'choice.province' }, { var: 'region' }] }, { '!=': [{ var: 'choice.value' }, { var: 'district' }] }] });
    const place = find(form, 'place');
    C.renameCascadeVars(form, 'row.where', 'row.at');
    expect(C.cascadeOf(place)).toMatchObject({ parent: 'row.at' });
  });
});
