// Place names for exports and feeds (kysely only): every gazetteer code with its name in one language,
// read once per export of a form with place questions (the whole gazetteer is ~16,000 units, under
// 2 MB), or only the codes of one page (the OData feed).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function placeNames(db: Kysely<Database>, locale: 'km' | 'en', codes?: readonly string[]): Promise<Map<string, string>> {
  if (codes && codes.length === 0) return new Map();
  let query = db.selectFrom('geo_unit').select(['code', locale === 'km' ? 'name_km as name' : 'name_en as name']);
  if (codes) query = query.where('code', 'in', [...new Set(codes)]);
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
