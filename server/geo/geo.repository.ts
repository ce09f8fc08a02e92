// geo_unit rows (kysely only; callers pass db or a transaction). Imports upsert in batches with one
// `insert … on conflict do update` per batch, touching only rows whose content changed.
import { sql, type Kysely } from 'kysely';
import { codeStartsWith } from '../db/code-prefix';
import type { Database, GeoUnitRow } from '../db/schema';
import { levelOf, parentOf, type GeoLevel, type GeoUnitInput } from './geo-codes';

export const BATCH_SIZE = 1000;

export async function activeCodes(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('geo_unit').select('code').where('retired_at', 'is', null).execute();
  return new Set(rows.map((r) => r.code));
}

export async function countUnits(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('geo_unit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts new units, updates changed ones (un-retiring them); returns how many of each. */
export async function upsertUnits(db: Kysely<Database>, units: GeoUnitInput[], now: Date): Promise<{ added: number; updated: number }> {
  if (units.length === 0) return { added: 0, updated: 0 };
  const rows = await db
    .insertInto('geo_unit')
    .values(
      units.map((u) => ({
        code: u.code,
        level: levelOf(u.code),
        parent_code: parentOf(u.code),
        name_km: u.nameKm,
        name_en: u.nameEn,
        unit_type_km: u.unitTypeKm,
        unit_type_en: u.unitTypeEn,
        lat: u.lat,
        lng: u.lng,
        retired_at: null,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet({
          name_km: sql`excluded.name_km`,
          name_en: sql`excluded.name_en`,
          unit_type_km: sql`excluded.unit_type_km`,
          unit_type_en: sql`excluded.unit_type_en`,
          lat: sql`excluded.lat`,
          lng: sql`excluded.lng`,
          retired_at: null,
          updated_at: sql`excluded.updated_at`,
        })
        .where(
          sql<boolean>`(geo_unit.name_km, geo_unit.name_en, geo_unit.unit_type_km, geo_unit.unit_type_en, geo_unit.lat, geo_unit.lng)
            is distinct from (excluded.name_km, excluded.name_en, excluded.unit_type_km, excluded.unit_type_en, excluded.lat, excluded.lng)
            or geo_unit.retired_at is not null`,
        ),
    )
    // xmax = 0 only on freshly inserted rows; unchanged rows are not returned at all.
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const added = rows.filter((r) => r.inserted).length;
  return { added, updated: rows.length - added };
}

/**
 * Retires the active units of a level that the import did not list; with `area` (code prefixes) only
 * those inside it, so an import limited to a province never retires another province's units.
 */
export async function retireMissing(db: Kysely<Database>, level: GeoLevel, keep: string[], now: Date, area: string[] | null = null): Promise<number> {
  let query = db
    .updateTable('geo_unit')
    .set({ retired_at: now, updated_at: now })
    .where('level', '=', level)
    .where('retired_at', 'is', null)
    .where(sql<boolean>`not (code = any(${`{${keep.join(',')}}`}::text[]))`);
  if (area) query = query.where((eb) => eb.or([...area.map((p) => codeStartsWith('geo_unit.code', p)), sql<boolean>`false`]));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface GeoListQuery {
  parent?: string | null;
  level?: GeoLevel | null;
  search?: string | null;
  includeRetired?: boolean;
  /** Limit to these subtrees and their ancestors (for pickers); undefined = no limit. */
  area?: { prefixes: string[]; ancestors: string[] };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listUnits(db: Kysely<Database>, q: GeoListQuery): Promise<GeoUnitRow[]> {
  let query = db.selectFrom('geo_unit').selectAll();
  if (q.parent) query = query.where('parent_code', '=', q.parent);
  if (q.level) query = query.where('level', '=', q.level);
  if (!q.parent && !q.level && !q.search) query = query.where('level', '=', 'province');
  if (!q.includeRetired) query = query.where('retired_at', 'is', null);
  if (q.search) {
    const s = `%${escapeLike(q.search)}%`;
    query = query.where((eb) => eb.or([eb('name_km', 'ilike', s), eb('name_en', 'ilike', s), eb('code', 'like', `${escapeLike(q.search!)}%`)]));
  }
  const area = q.area;
  if (area) {
    query = query.where((eb) =>
      eb.or([
        ...area.prefixes.map((p) => codeStartsWith('geo_unit.code', p)),
        ...(area.ancestors.length ? [eb('code', 'in', area.ancestors)] : []),
        sql<boolean>`false`,
      ]),
    );
  }
  return query.orderBy('code').execute();
}

export async function findUnits(db: Kysely<Database>, codes: string[]): Promise<GeoUnitRow[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('geo_unit').selectAll().where('code', 'in', codes).orderBy('code').execute();
}
