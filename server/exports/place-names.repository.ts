// Place names for exports (kysely only): every gazetteer code with its name in one language, read once
// per export of a form with place questions (the whole gazetteer is ~16,000 units, under 2 MB).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function placeNames(db: Kysely<Database>, locale: 'km' | 'en'): Promise<Map<string, string>> {
  const rows = await db.selectFrom('geo_unit').select(['code', locale === 'km' ? 'name_km as name' : 'name_en as name']).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}
