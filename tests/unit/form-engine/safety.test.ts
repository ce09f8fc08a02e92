// Unsafe or invalid definitions and Form.io forms are refused with the right code and path.
import { describe, expect, it } from 'vitest';
import { checkDefinition, checkFormioSafety, DefinitionError, fromFormio, toFormio, type Definition } from '../../../form-engine/index';
import { loadFixtures } from './support/corpus';

const base = (): Definition => structuredClone(loadFixtures().find((f) => f.file === 'conditions.json')!.definition);

function paths(problems: Array<{ code: string; path: string }>, code: string): string[] {
  return problems.filter((p) => p.code === code).map((p) => p.path);
}

describe('checkDefinition', () => {
  it('refuses JSONLogic operations outside the allow-list', () => {
    const def = base();
    def.properties.attendees!['x-visible-when'] = { and: [{ var: 'has_meeting' }, { log: 'x' }] };
    expect(paths(checkDefinition(def), 'UNSAFE_DEFINITION')).toEqual(['properties.attendees.x-visible-when.and.1.log']);
  });
  it('refuses unsafe operations in calculations too', () => {
    const def = base();
    def.properties.attendees!['x-calculate'] = { method: [{ var: 'x' }, 'toString'] };
    expect(paths(checkDefinition(def), 'UNSAFE_DEFINITION')).toEqual(['properties.attendees.x-calculate.method']);
  });
  it('refuses template expressions and HTML in localized text', () => {
    const def = base();
    def['x-title'].en = 'Hello {{ user.name }}';
    def.properties.has_meeting!['x-label'].km = '<img src=x onerror=alert(1)>';
    expect(paths(checkDefinition(def), 'UNSAFE_DEFINITION')).toEqual(['x-title.en', 'properties.has_meeting.x-label.km']);
  });
  it('reports meta-schema errors as INVALID_DEFINITION with a path', () => {
    const def = base() as unknown as Record<string, Record<string, Record<string, unknown>>>;
    delete def.properties!.has_meeting!['x-label'];
    def.properties!.attendees!.const = 3;
    const invalid = paths(checkDefinition(def), 'INVALID_DEFINITION');
    expect(invalid).toContain('properties.has_meeting.x-label');
    expect(invalid).toContain('properties.attendees.const');
  });
  it('requires km and en labels', () => {
    const def = base();
    def.properties.has_meeting!['x-label'] = { en: 'Only English' } as never;
    expect(paths(checkDefinition(def), 'INVALID_DEFINITION')).toEqual(['properties.has_meeting.x-label.km']);
  });
  it('checks x-order and x-sections consistency', () => {
    const noOrder = base();
    delete noOrder['x-order'];
    expect(paths(checkDefinition(noOrder), 'INVALID_DEFINITION')).toEqual(['x-order']);
    const badOrder = base();
    badOrder['x-order'] = ['has_meeting'];
    expect(paths(checkDefinition(badOrder), 'INVALID_DEFINITION')).toEqual(['x-order']);
    const sections = base();
    sections['x-sections'] = [{ key: 'a', title: { en: 'A', km: 'ក' }, fields: ['has_meeting', 'meeting_date'] }];
    expect(paths(checkDefinition(sections), 'INVALID_DEFINITION')).toContain('x-sections');
  });
  it('checks widget/type/keyword consistency and enum labels', () => {
    const def = base();
    def.properties.has_meeting!['x-widget'] = 'faces';
    def.properties.attendees!.pattern = '^x$';
    def.properties.extra = { type: 'string', enum: ['a', 'b'], 'x-enum-labels': { a: { en: 'A', km: 'ក' } }, 'x-label': { en: 'E', km: 'អ' } };
    def['x-order'] = [...def['x-order']!, 'extra'];
    expect(paths(checkDefinition(def), 'INVALID_DEFINITION')).toEqual([
      'properties.has_meeting.type',
      'properties.has_meeting.minimum',
      'properties.has_meeting.maximum',
      'properties.has_meeting',
      'properties.attendees.pattern',
      'properties.extra.x-enum-labels',
    ]);
  });
  it('accepts every fixture definition', () => {
    for (const f of loadFixtures()) expect(checkDefinition(f.definition), f.file).toEqual([]);
  });
});

describe('checkFormioSafety / fromFormio', () => {
  const form = () => toFormio(base(), 'en');
  const cases: Array<[string, (f: ReturnType<typeof form>) => void, string]> = [
    ['validate.custom', (f) => void (f.components[2]!.validate = { custom: 'valid = true' }), 'components.2.validate.custom'],
    ['customConditional', (f) => void (f.components[1]!.customConditional = 'show = true'), 'components.1.customConditional'],
    ['string calculateValue', (f) => void (f.components[2]!.calculateValue = 'value = 1'), 'components.2.calculateValue'],
    ['customDefaultValue', (f) => void (f.components[0]!.customDefaultValue = 'value = 1'), 'components.0.customDefaultValue'],
    [
      'logic javascript action',
      (f) => void (f.components[0]!.logic = [{ trigger: { type: 'simple' }, actions: [{ type: 'value', value: '1' }, { type: 'customAction', customAction: 'x' }] }]),
      'components.0.logic.0.actions.1',
    ],
    ['logic javascript trigger', (f) => void (f.components[0]!.logic = [{ trigger: { type: 'javascript', javascript: 'x' }, actions: [] }]), 'components.0.logic.0.trigger'],
    ['dataSrc url', (f) => void Object.assign(f.components[1]!, { dataSrc: 'url' }), 'components.1.dataSrc'],
    ['dataSrc custom', (f) => void Object.assign(f.components[1]!, { dataSrc: 'custom' }), 'components.1.dataSrc'],
    ['htmlelement', (f) => void f.components.push({ type: 'htmlelement', key: 'h', content: '<b>x</b>' }), 'components.4.type'],
    ['content component', (f) => void f.components.push({ type: 'content', key: 'c', html: '<p>x</p>' }), 'components.4.type'],
    ['template in label', (f) => void (f.components[0]!.label = 'Hi {{ data.x }}'), 'components.0.label'],
    ['template in properties', (f) => void (f.components[0]!.properties = { 'label:km': '{{x}}' }), 'components.0.properties.label:km'],
  ];
  it.each(cases)('refuses %s', (_name, corrupt, path) => {
    const f = form();
    corrupt(f);
    expect(paths(checkFormioSafety(f), 'UNSAFE_DEFINITION')).toEqual([path]);
    let thrown: unknown;
    try {
      fromFormio(f);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DefinitionError);
    expect((thrown as DefinitionError).code).toBe('UNSAFE_DEFINITION');
    expect((thrown as DefinitionError).problems.map((p) => p.path)).toEqual([path]);
  });
  it('accepts builder defaults (empty custom code, default select template)', () => {
    const f = form();
    Object.assign(f.components[0]!, { customConditional: '', calculateValue: '', customDefaultValue: '', template: '<span>{{ item.label }}</span>', logic: [] });
    expect(checkFormioSafety(f)).toEqual([]);
    expect(fromFormio(f)).toStrictEqual(base());
  });
  it('refuses unsupported components and JSONLogic outside the allow-list as typed errors', () => {
    const f = form();
    f.components.push({ type: 'signature', key: 'sig', label: 'Sign' });
    expect(() => fromFormio(f)).toThrow(DefinitionError);
    const g = form();
    g.components[2]!.conditional = { json: { log: [1] } };
    expect(() => fromFormio(g)).toThrow(/UNSAFE_DEFINITION/);
  });
});
