// Health centres (tied to a district, with a catchment of villages), primary schools and commune
// administrations (tied to a commune). Retired, never deleted, like geography.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('service_provider')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('health_centre', 'primary_school', 'commune_admin')`))
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('name_km', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('geo_code', 'text', (c) => c.notNull().references('geo_unit.code'))
    .addColumn('catchment', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index service_provider_geo_idx on service_provider (geo_code text_pattern_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_provider').execute();
}
