// diffData: the field changes a record's history shows, labelled from the pinned definition.
import { describe, expect, it } from 'vitest';
import { diffData } from '../../../form-engine/index';
import { canMove, needsComment, stateAfterEdit } from '../../../server/submissions/review-states';
import { simpleForm, validAnswer } from '../../fixtures/simple-form';
import type { Definition } from '../../../form-engine/index';

const def = simpleForm as unknown as Definition;

describe('diffData', () => {
  it('lists changed fields in display order with km + en labels, null for no answer', () => {
    const after = { ...validAnswer, score: 5, has_issue: true, issue: 'no water' };
    expect(diffData(def, validAnswer, after)).toEqual([
      { path: 'score', label: { km: 'ពិន្ទុ', en: 'Score' }, before: 4, after: 5 },
      { path: 'has_issue', label: { km: 'មានបញ្ហា', en: 'Has an issue' }, before: false, after: true },
      { path: 'issue', label: { km: 'បញ្ហា', en: 'Issue' }, before: null, after: 'no water' },
    ]);
  });

  it('treats a repeat group as one change of its items and ignores key order', () => {
    const reordered = { items: [{ count: 2, label: 'a' }], has_issue: false, score: 4, name: 'Sok', date: '2026-03-14', commune: '010201' };
    expect(diffData(def, validAnswer, reordered)).toEqual([]);
    const items = [{ label: 'a', count: 3 }];
    expect(diffData(def, validAnswer, { ...validAnswer, items })).toEqual([{ path: 'items', label: { km: 'ធាតុ', en: 'Items' }, before: [{ label: 'a', count: 2 }], after: items }]);
  });

  it('names keys the definition does not know by their path', () => {
    expect(diffData(def, { ...validAnswer, extra: 1 }, validAnswer)).toEqual([{ path: 'extra', label: { km: 'extra', en: 'extra' }, before: 1, after: null }]);
  });
});

describe('review rules', () => {
  it('allows the documented moves only', () => {
    expect(canMove('received', 'approved')).toBe(true);
    expect(canMove('has_issues', 'received')).toBe(true);
    expect(canMove('approved', 'has_issues')).toBe(false);
    expect(canMove('rejected', 'approved')).toBe(false);
    expect(canMove('received', 'received')).toBe(false);
    expect([needsComment('has_issues'), needsComment('rejected'), needsComment('approved')]).toEqual([true, true, false]);
  });

  it('returns a record sent back to received only when its submitter corrects it', () => {
    expect(stateAfterEdit('has_issues', 'u1', 'u1')).toBe('received');
    expect(stateAfterEdit('has_issues', 'officer', 'u1')).toBe('has_issues');
    expect(stateAfterEdit('received', 'u1', 'u1')).toBe('received');
  });
});
