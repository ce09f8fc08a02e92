// Small public helpers: localize, fieldPaths, collectVars, logic evaluation, Form.io mapping details.
import { describe, expect, it } from 'vitest';
import { collectVars, evaluateLogic, fieldPaths, localize, toFormio, UnsafeLogicError } from '../../../form-engine/index';
import { loadFixtures } from './support/corpus';

const fixture = (file: string) => loadFixtures().find((f) => f.file === file)!.definition;

describe('helpers', () => {
  it('localize falls back to English', () => {
    expect(localize({ en: 'Date', km: 'កាលបរិច្ឆេទ' }, 'km')).toBe('កាលបរិច្ឆេទ');
    expect(localize({ en: 'Date', km: 'កាលបរិច្ឆេទ' }, 'fr')).toBe('Date');
  });
  it('fieldPaths lists leaves with widget and repeat', () => {
    expect(fieldPaths(fixture('repeat.json')).map((f) => [f.path, f.widget, f.repeat])).toEqual([
      ['actions[].action', 'text', 'actions'],
      ['actions[].status', 'radio', 'actions'],
      ['actions[].reason', 'textarea', 'actions'],
      ['actions[].cost', 'number', 'actions'],
      ['actions[].total', 'number', 'actions'],
    ]);
  });
  it('collectVars ignores item-scoped vars of map/filter/reduce', () => {
    const logic = { and: [{ var: 'a.b' }, { some: [{ var: 'actions' }, { '==': [{ var: 'status' }, 'late'] }] }, { var: ['row.x', 0] }] };
    expect(collectVars(logic)).toEqual(['a.b', 'actions', 'row.x']);
  });
  it('evaluates with row context and refuses other operations', () => {
    expect(evaluateLogic({ '+': [{ var: 'a' }, { var: 'row.b' }] }, { a: 1 }, { b: 2 })).toBe(3);
    expect(() => evaluateLogic({ log: 1 }, {})).toThrow(UnsafeLogicError);
  });
});

describe('toFormio mapping', () => {
  const form = toFormio(fixture('repeat.json'), 'km');
  const grid = form.components[0]!;
  it('maps repeat to datagrid with row limits and rewritten row logic', () => {
    expect(grid).toMatchObject({ type: 'datagrid', label: 'សកម្មភាព', validate: { minLength: 1, maxLength: 3 } });
    expect(grid.validate!.required).toBeUndefined();
    const [, status, reason, , total] = grid.components!;
    expect(status).toMatchObject({ type: 'radio', values: [{ label: 'រួចរាល់', value: 'done' }, { label: 'យឺត', value: 'late' }], validate: { required: true } });
    expect(reason!.conditional).toEqual({ json: { '==': [{ var: 'row.status' }, 'late'] } });
    expect(total).toMatchObject({ calculateValue: { '*': [{ var: 'row.cost' }, 2] }, disabled: true });
  });
  it('rewrites root vars to data.*, keeps both languages, maps faces and sections', () => {
    const cond = toFormio(fixture('conditions.json'), 'en');
    expect(cond.components[1]!.conditional).toEqual({ json: { '==': [{ var: 'data.has_meeting' }, true] } });
    const sectioned = toFormio(fixture('sections.json'), 'en');
    expect(sectioned.properties).toMatchObject({ 'title:km': 'ទម្រង់សាកល្បង', 'title:en': 'Test form', 'description:en': 'A sectioned form' });
    const [where, scores] = sectioned.components;
    expect(where).toMatchObject({ type: 'panel', key: 'where', title: 'Where', properties: { 'title:km': 'ទីកន្លែង', 'help:en': 'Location' } });
    expect(where!.components![0]).toMatchObject({ type: 'textfield', properties: { widget: 'geography', geoLevel: 'commune' } });
    expect(scores!.components![0]).toMatchObject({
      type: 'radio',
      dataType: 'number',
      description: 'Pick a face',
      properties: { widget: 'faces', 'help:km': 'ជ្រើសមុខ' },
    });
    expect(scores!.components![0]!.values!.map((v) => v.label)).toEqual(['😠 very dissatisfied', '🙁 dissatisfied', '😐 acceptable', '🙂 satisfied', '😄 very satisfied']);
  });
});
