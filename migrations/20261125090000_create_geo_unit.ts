// The administrative gazetteer (province → district → commune → village), imported, never hard-coded.
// Units are retired, never deleted, so submissions keep pointing at a code that still resolves.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('geo_unit')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{2}([0-9]{2}){0,3}$'`))
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('province', 'district', 'commune', 'village')`))
    .addColumn('parent_code', 'text', (c) => c.references('geo_unit.code'))
    .addColumn('name_km', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('unit_type_km', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('unit_type_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('geo_unit_level_length', sql`length(code) = case level when 'province' then 2 when 'district' then 4 when 'commune' then 6 else 8 end`)
    .addCheckConstraint('geo_unit_parent_prefix', sql`(level = 'province') = (parent_code is null) and (parent_code is null or code like parent_code || '__')`)
    .execute();
  await db.schema.createIndex('geo_unit_parent_idx').on('geo_unit').column('parent_code').execute();
  // text_pattern_ops lets `code like '0102%'` use the index whatever the database collation.
  await sql`create index geo_unit_code_prefix_idx on geo_unit (code text_pattern_ops)`.execute(db);
  await db.schema.createIndex('geo_unit_level_idx').on('geo_unit').column('level').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('geo_unit').execute();
}
