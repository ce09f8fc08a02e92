// Why: benchmarks must move what facilitators really send: a csc-health-centre v2 community
// scorecard with 8 scored criteria and free-text strengths/weaknesses (~2 KB of JSON). Documents
// are already "clean" (no empty answers, criterion_other only when visible), so the server stores
// exactly these bytes and the raw-INSERT baseline can insert the same ones. Typed with the generated
// types of csc-health-centre@2 (definitions/types/; the score is the median of the votes, so every
// vote of a criterion is on its score's face and the computed score equals the one sent), so a document that no longer fits fails to compile.
import type { CscHealthCentreV2, CscHealthCentreV2CriteriaItem, FORM_KEY as CscKey, FORM_VERSION as CscVersion } from '../../definitions/types/csc-health-centre.v2';

export const FORM_KEY: CscKey = 'csc-health-centre';
export const FORM_VERSION: CscVersion = 2;

const CRITERIA: Array<CscHealthCentreV2CriteriaItem['criterion']> = ['enough_staff', 'equipment_medicines', 'clean_water', 'good_building', 'staff_24h', 'staff_punctual', 'friendly_staff', 'fees_posted'];

const STRENGTHS = [
  'Midwife present most mornings, explains medicines clearly.',
  'Enough paracetamol and ORS in the last quarter.',
  'Water filter from the commune works and is cleaned weekly.',
  'Waiting area repainted, benches for elderly patients.',
];
const WEAKNESSES = [
  'One nurse at night; far villages wait until morning.',
  'Informal fees still asked for deliveries.',
  'Toilet locked in the afternoon, no water to wash hands.',
  'Staff late on market days, closes early on Friday.',
];
const ACTIONS = [
  'Health centre chief to publish the duty roster on the notice board.',
  'Commune council to raise the staffing gap at the district meeting.',
  'Village health support group to check the fee board every month.',
];

export interface IsafDocument {
  [key: string]: unknown;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

/** Ten votes, all on face `score` (the other faces 0): the median of the votes is `score`. */
function votesOn(score: number) {
  return { votes_1: score === 1 ? 10 : 0, votes_2: score === 2 ? 10 : 0, votes_3: score === 3 ? 10 : 0, votes_4: score === 4 ? 10 : 0, votes_5: score === 5 ? 10 : 0 };
}

/** Variant `n` of a valid, clean document (variants differ in text, scores and geography). */
export function validDocument(n: number): IsafDocument {
  const village = String(1 + (n % 9)).padStart(2, '0');
  const criteria = CRITERIA.map((criterion, i): CscHealthCentreV2CriteriaItem => ({
    criterion: i === 7 && n % 2 === 1 ? 'other' : criterion,
    ...(i === 7 && n % 2 === 1 ? { criterion_other: 'Ambulance or moto-remorque available at night' } : {}),
    ...votesOn(1 + ((n + i) % 5)),
    score: 1 + ((n + i) % 5),
    strengths: pick(STRENGTHS, n + i),
    weaknesses: pick(WEAKNESSES, n + 2 * i),
    ...(i % 3 === 0 ? { suggested_actions: pick(ACTIONS, n + i) } : {}),
  }));
  const doc = {
    commune: '020101',
    village: `020101${village}`,
    provider_name: 'Health centre Ek Phnom (មណ្ឌលសុខភាពឯកភ្នំ)',
    cycle_year: 2026,
    date: `2026-03-${String(1 + (n % 28)).padStart(2, '0')}`,
    facilitators: 'Sok Dara, Chan Sreymom',
    participants: { total: 40 + (n % 20), female: 24, youth: 9, disability: 2, ethnic_minority: 0, id_poor: 7 },
    criteria,
    notes: 'Meeting held in the pagoda hall; the health centre chief attended the interface meeting.',
  } satisfies CscHealthCentreV2;
  return doc;
}

/** A document with four kinds of mistakes: out-of-range score, impossible date, bad village code, unknown field. */
export function invalidDocument(n: number): IsafDocument {
  const doc = validDocument(n);
  const criteria = doc.criteria as Array<Record<string, unknown>>;
  (criteria[0] as Record<string, unknown>).score = 7;
  return { ...doc, date: '2026-02-30', village: '0201', unknown_field: true, criteria };
}

export const VARIANTS = 32;
