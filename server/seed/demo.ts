// Demo content for `npm start` on an empty database: a season of ISAF records in two communes, typed by
// the generated definition types and stored through the real submit service (so it is validated).
import type { Kysely } from 'kysely';
import type { CscHealthCentreV2, I4CSessionV1, JaapV1, SsaHealthCentreV1 } from '../../definitions/types/index';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/schema';
import { submit, type SubmissionDeps } from '../submissions/submissions.service';

const communes = [
  { commune: '060101', village: '06010101', name: 'Bak Sna' },
  { commune: '060102', village: '06010201', name: 'Ballangk' },
];

const participants = (total: number) => ({
  total,
  female: Math.round(total * 0.6),
  youth: Math.round(total * 0.25),
  disability: 2,
  ethnic_minority: 0,
  id_poor: Math.round(total * 0.2),
});

const hcCriteria = ['enough_staff', 'equipment_medicines', 'clean_water', 'staff_punctual', 'friendly_staff'] as const;

/** A tally of votes per face whose median is `score`: most votes on it, a few either side. */
function votes(score: number): Record<`votes_${1 | 2 | 3 | 4 | 5}`, number> {
  const tally = { votes_1: 0, votes_2: 0, votes_3: 0, votes_4: 0, votes_5: 0 };
  const at = (face: number, n: number) => {
    if (face >= 1 && face <= 5) tally[`votes_${face as 1 | 2 | 3 | 4 | 5}`] = n;
  };
  at(score - 1, 4);
  at(score + 1, 4);
  at(score, 12);
  return tally;
}

function scorecard(c: (typeof communes)[number], i: number): CscHealthCentreV2 {
  return {
    commune: c.commune,
    village: c.village,
    provider_name: `${c.name} Health Centre`,
    cycle_year: 2026,
    date: `2026-0${3 + i}-12`,
    facilitators: 'Sok Dara, Chan Sreymom',
    participants: participants(32 + i * 5),
    // Version 2 records the votes; the server calculates each score (their median).
    criteria: hcCriteria.map((criterion, k) => ({ criterion, ...votes(((k + i) % 5) + 1), strengths: 'Staff are kind', weaknesses: k % 2 ? 'Not enough medicine' : 'Water is not clean' })),
  };
}

function selfAssessment(c: (typeof communes)[number], i: number): SsaHealthCentreV1 {
  const { criteria: _votes, ...meeting } = scorecard(c, i);
  return { ...meeting, criteria: hcCriteria.map((criterion, k) => ({ criterion, score: Math.min(5, ((k + i) % 5) + 2) })) };
}

function i4c(c: (typeof communes)[number], i: number): I4CSessionV1 {
  return {
    village: c.village,
    date: `2026-02-0${2 + i}`,
    facilitators: 'Sok Dara',
    participants: participants(45 + i * 3),
    topics: ['service_standards', 'citizen_rights', 'commune_budget'],
    materials_distributed: 40,
  };
}

function jaap(c: (typeof communes)[number]): JaapV1 {
  return {
    commune: c.commune,
    cycle_year: 2026,
    interface_meeting_date: '2026-05-20',
    actions: [
      { issue: 'Health centre lacks clean water', action: 'Install a water filter', responsible: 'Commune council', service: 'health_centre', funding_source: 'commune_fund', status: 'ongoing' },
      { issue: 'Teachers often late', action: 'Post a teacher attendance board', responsible: 'School director', service: 'primary_school', funding_source: 'none', status: 'completed' },
      { issue: 'Fees not posted', action: 'Post official fees at the entrance', responsible: 'Health centre chief', service: 'health_centre', funding_source: 'none', status: 'not_started' },
    ],
  };
}

/** Stable ids so a re-run (or a retried first start) never duplicates demo rows. */
function demoId(n: number): string {
  return `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

export async function seedDemoData(trx: Kysely<Database>, admin: Actor, deps: SubmissionDeps): Promise<number> {
  const rows: Array<{ key: string; version: number; data: unknown }> = [];
  communes.forEach((c, i) => {
    rows.push({ key: 'i4c-session', version: 1, data: i4c(c, i) });
    rows.push({ key: 'csc-health-centre', version: 2, data: scorecard(c, i) });
    rows.push({ key: 'ssa-health-centre', version: 1, data: selfAssessment(c, i) });
    rows.push({ key: 'jaap', version: 1, data: jaap(c) });
  });
  let n = 0;
  for (const row of rows) {
    n += 1;
    await submit(trx, admin, { id: demoId(n), definitionKey: row.key, definitionVersion: row.version, data: row.data }, deps);
  }
  return rows.length;
}
