// The M&E indicators shipped with SA Studio (docs/indicator-format.md), loaded on first start like the
// forms. Add a line here for every new `<key>/v<N>.json`; published versions are never edited.
import averageScoreV1 from './average-score/v1.json' with { type: 'json' };
import completeCycleCommunesV1 from './complete-cycle-communes/v1.json' with { type: 'json' };
import jaapActionsProgressV1 from './jaap-actions-progress/v1.json' with { type: 'json' };
import medianScoreV1 from './median-score/v1.json' with { type: 'json' };
import participantsByGroupV1 from './participants-by-group/v1.json' with { type: 'json' };
import participantsByGroupV2 from './participants-by-group/v2.json' with { type: 'json' };
import providersAllCriteria4plusV1 from './providers-all-criteria-4plus/v1.json' with { type: 'json' };

export interface ShippedIndicator {
  key: string;
  version: number;
  kind: 'indicator';
  schema: object;
}

export const shippedIndicators: ShippedIndicator[] = [
  { key: 'average-score', version: 1, kind: 'indicator', schema: averageScoreV1 },
  { key: 'complete-cycle-communes', version: 1, kind: 'indicator', schema: completeCycleCommunesV1 },
  { key: 'jaap-actions-progress', version: 1, kind: 'indicator', schema: jaapActionsProgressV1 },
  { key: 'median-score', version: 1, kind: 'indicator', schema: medianScoreV1 },
  { key: 'participants-by-group', version: 1, kind: 'indicator', schema: participantsByGroupV1 },
  // v2 names the total (v1 added it to its own groups); existing databases get it at the next start.
  { key: 'participants-by-group', version: 2, kind: 'indicator', schema: participantsByGroupV2 },
  { key: 'providers-all-criteria-4plus', version: 1, kind: 'indicator', schema: providersAllCriteria4plusV1 },
];

/** The newest shipped version of each indicator (what a new database publishes). */
export const newestShippedIndicators: ShippedIndicator[] = shippedIndicators.filter((i) => !shippedIndicators.some((j) => j.key === i.key && j.version > i.version));
