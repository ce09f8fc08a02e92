// diffDefinitions lists added, removed and changed fields by data path.
import { describe, expect, it } from 'vitest';
import { diffDefinitions, type Definition } from '../../../form-engine/index';
import { loadFixtures } from './support/corpus';

const repeat = (): Definition => structuredClone(loadFixtures().find((f) => f.file === 'repeat.json')!.definition);
const sections = (): Definition => structuredClone(loadFixtures().find((f) => f.file === 'sections.json')!.definition);

describe('diffDefinitions', () => {
  it('finds nothing between equal definitions', () => {
    expect(diffDefinitions(repeat(), repeat())).toEqual({ added: [], removed: [], changed: [] });
  });
  it('reports repeat item fields as actions[].field', () => {
    const from = repeat();
    const to = repeat();
    const items = to.properties.actions!.items as { properties: Record<string, unknown>; 'x-order': string[]; required: string[] };
    delete items.properties.cost;
    items['x-order'] = items['x-order'].filter((k) => k !== 'cost');
    items.properties.owner = { type: 'string', 'x-label': { en: 'Owner', km: 'ម្ចាស់' } };
    items['x-order'].push('owner');
    items.required = ['action', 'status'];
    const status = items.properties.status as { enum: string[]; 'x-enum-labels': Record<string, unknown> };
    status.enum.push('dropped');
    status['x-enum-labels'].dropped = { en: 'Dropped', km: 'បោះបង់' };
    const diff = diffDefinitions(from, to);
    expect(diff.added).toEqual([{ path: 'actions[].owner', label: { en: 'Owner', km: 'ម្ចាស់' } }]);
    expect(diff.removed.map((c) => c.path)).toEqual(['actions[].cost']);
    expect(diff.changed).toEqual([
      { path: 'actions', label: from.properties.actions!['x-label'], changes: ['order'] },
      { path: 'actions[].status', label: expect.anything(), changes: ['options'] },
      { path: 'actions[].reason', label: expect.anything(), changes: ['required'] },
    ]);
  });
  it('reports label, widget, constraint, condition and section changes', () => {
    const from = sections();
    const to = sections();
    to.properties.score!['x-label'] = { en: 'Rating', km: 'ការវាយតម្លៃ' };
    to.properties.commune!.pattern = '^[0-9]{8}$';
    to.properties.commune!['x-geo-level'] = 'village';
    to.properties.commune!['x-visible-when'] = { '!!': { var: 'score' } };
    to['x-sections'] = [{ key: 'all', title: { en: 'All', km: 'ទាំងអស់' }, fields: ['commune', 'score'] }];
    expect(diffDefinitions(from, to).changed).toEqual([
      { path: 'commune', label: from.properties.commune!['x-label'], changes: ['constraints', 'visibleWhen', 'geoLevel', 'section'] },
      { path: 'score', label: to.properties.score!['x-label'], changes: ['label', 'section'] },
    ]);
  });
});
