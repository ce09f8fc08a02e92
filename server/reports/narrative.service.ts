// The narrative officers write for a monthly report, per month and area: read by whoever may read the
// report there, written by those with report.write in that area (checked again in SQL by the
// repository). Markdown, rendered by the help pages' renderer (sanitized, SA Studio's link rules).
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import { recordAudit } from '../audit/audit.repository';
import type { Database } from '../db/schema';
import { Problem, type ProblemDetail } from '../core/problems';
import { isGeoCode } from '../geo/geo-codes';
import { helpLinkProblems, renderHelpMarkdown } from '../help/help-markdown';
import { findNarrative, upsertNarrative, type NarrativeRow } from './narrative.repository';

export const NARRATIVE_MAX_LENGTH = 20_000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface NarrativeView {
  month: string;
  /** The area the narrative is for: '' is the whole country. */
  area: string;
  km: string;
  en: string;
  html: { km: string; en: string };
  updatedBy: string | null;
  updatedAt: string | null;
}

function badInput(path: string, keyword: string, en: string, km: string): Problem {
  return new Problem('BAD_INPUT', { errors: [{ path, keyword, message: { en, km } }] });
}

export function assertMonth(month: string, path = 'month'): void {
  if (!MONTH.test(month)) throw badInput(path, 'format', 'Use a month like 2026-03.', 'សូមប្រើខែដូចជា 2026-03។');
}

function assertArea(area: string): void {
  if (area !== '' && !isGeoCode(area)) throw badInput('area', 'pattern', 'area is an NCDD code, or empty for the whole country.', 'area ត្រូវតែជាកូដ NCDD ឬទទេសម្រាប់ទូទាំងប្រទេស។');
}

function view(month: string, area: string, row: NarrativeRow | undefined): NarrativeView {
  const km = row?.body_km ?? '';
  const en = row?.body_en ?? '';
  return {
    month,
    area,
    km,
    en,
    html: { km: km ? renderHelpMarkdown(km, 'km').html : '', en: en ? renderHelpMarkdown(en, 'en').html : '' },
    updatedBy: row?.updated_by_name ?? null,
    updatedAt: row?.updated_at.toISOString() ?? null,
  };
}

/** The narrative of a month and area, empty when none is written or the area is outside the reader's. */
export async function getNarrative(db: Kysely<Database>, actor: Actor | null, month: string, area: string): Promise<NarrativeView> {
  const who = requireActor(actor, 'indicator.read');
  assertMonth(month);
  assertArea(area);
  return view(month, area, await findNarrative(db, scopeOf(who, 'indicator.read'), month, area));
}

export async function saveNarrative(trx: Kysely<Database>, actor: Actor | null, input: { month: string; area: string; km: string; en: string }): Promise<NarrativeView> {
  const who = requireActor(actor, 'report.write');
  assertMonth(input.month);
  assertArea(input.area);
  const errors: ProblemDetail[] = [];
  for (const lang of ['km', 'en'] as const) {
    const text = input[lang];
    if (text.length > NARRATIVE_MAX_LENGTH) errors.push({ path: lang, keyword: 'maxLength', message: { en: `At most ${NARRATIVE_MAX_LENGTH} characters`, km: `យ៉ាងច្រើន ${NARRATIVE_MAX_LENGTH} តួអក្សរ` } });
    else for (const p of helpLinkProblems(text)) errors.push({ path: lang, keyword: 'link', message: { en: `Line ${p.line} (${p.url}): ${p.message.en}`, km: `បន្ទាត់ ${p.line} (${p.url})៖ ${p.message.km}` } });
  }
  if (errors.length > 0) throw new Problem('BAD_INPUT', { errors });
  const row = await upsertNarrative(trx, scopeOf(who, 'report.write'), { month: input.month, geoCode: input.area, bodyKm: input.km, bodyEn: input.en, userId: who.id, userName: who.username });
  // Outside the writer's area: nothing was written.
  if (!row) throw new Problem('FORBIDDEN');
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'report.narrative_save', entity: 'report_narrative', entityId: `${input.month}/${input.area || 'country'}`, after: { km: input.km, en: input.en }, ip: who.ip, geoCode: input.area || null });
  return view(input.month, input.area, row);
}
