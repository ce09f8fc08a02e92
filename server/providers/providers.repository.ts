// service_provider rows (kysely only). Area filters match providers inside an area and those above it
// (a district's health centre is "in" each of its communes), always in SQL.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database, ServiceProviderRow } from '../db/schema';


export interface ProviderValues {
  kind: string;
  code: string | null;
  name_km: string;
  name_en: string;
  geo_code: string;
  catchment: string[];
}


/** A PostgreSQL text[] literal; codes and catchments are validated digits before they get here. */
const textArray = (values: string[]) => sql<string[]>`${`{${values.join(',')}}`}::text[]`;

function nearArea(eb: ExpressionBuilder<Database, 'service_provider'>, prefixes: string[]): Expression<SqlBool> {
  return eb.or([
    ...prefixes.map((p) => eb.or([eb('service_provider.geo_code', 'like', `${p}%`), sql<SqlBool>`${p} like service_provider.geo_code || '%'`])),
    sql<SqlBool>`false`,
  ]);
}

export interface ProviderListQuery {
  /** null = whole country */
  readPrefixes: string[] | null;
  area: string | null;
  kind: string | null;
  includeRetired: boolean;
}

export async function listProviders(db: Kysely<Database>, q: ProviderListQuery): Promise<ServiceProviderRow[]> {
  let query = db.selectFrom('service_provider').selectAll();
  const read = q.readPrefixes;
  if (read) query = query.where((eb) => nearArea(eb, read));
  const area = q.area;
  if (area) query = query.where((eb) => nearArea(eb, [area]));
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (!q.includeRetired) query = query.where('retired_at', 'is', null);
  return query.orderBy('geo_code').orderBy('kind').orderBy('name_en').orderBy('id').execute();
}

export async function findProvider(db: Kysely<Database>, id: string): Promise<ServiceProviderRow | undefined> {
  return db.selectFrom('service_provider').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findProviderByCode(db: Kysely<Database>, code: string): Promise<ServiceProviderRow | undefined> {
  return db.selectFrom('service_provider').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The providers holding any of these codes (imports look them up in one query, not one per row). */
export async function findProvidersByCodes(db: Kysely<Database>, codes: string[], options: { lock?: boolean } = {}): Promise<ServiceProviderRow[]> {
  if (codes.length === 0) return [];
  const query = db.selectFrom('service_provider').selectAll().where(sql<SqlBool>`code = any(${textArray([...new Set(codes)])})`);
  return (options.lock ? query.forUpdate() : query).execute();
}

export const PROVIDER_BATCH = 1000;

/** Inserts or updates (and un-retires) providers matched on code, one statement per batch. */
export async function upsertProvidersByCode(db: Kysely<Database>, rows: Array<ProviderValues & { code: string }>): Promise<{ added: number; updated: number }> {
  if (rows.length === 0) return { added: 0, updated: 0 };
  const result = await db
    .insertInto('service_provider')
    .values(rows.map((r) => ({ ...r, catchment: textArray(r.catchment) })) as never)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        kind: sql`excluded.kind`,
        name_km: sql`excluded.name_km`,
        name_en: sql`excluded.name_en`,
        geo_code: sql`excluded.geo_code`,
        catchment: sql`excluded.catchment`,
        retired_at: null,
        updated_at: sql`now()`,
      } as never),
    )
    // xmax = 0 only on freshly inserted rows.
    .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
    .execute();
  const added = result.filter((r) => r.inserted).length;
  return { added, updated: result.length - added };
}

export async function insertProvider(db: Kysely<Database>, values: ProviderValues): Promise<ServiceProviderRow> {
  return db
    .insertInto('service_provider')
    .values({ ...values, catchment: textArray(values.catchment) } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateProvider(db: Kysely<Database>, id: string, values: Partial<ProviderValues> & { retired_at?: Date | null }): Promise<ServiceProviderRow> {
  const { catchment, ...rest } = values;
  return db
    .updateTable('service_provider')
    .set({ ...rest, ...(catchment ? { catchment: textArray(catchment) } : {}), updated_at: new Date() } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
