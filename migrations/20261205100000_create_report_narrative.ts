// The narrative of the monthly progress report (issue 15.6): what officers write for one month and
// one area ('' = the whole country), in Khmer and English (either may be empty), as Markdown rendered
// by the help pages' sanitizing renderer. One row per month and area; the last writer is kept.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_narrative')
    .addColumn('month', 'text', (c) => c.notNull().check(sql`month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('geo_code', 'text', (c) => c.notNull().check(sql`geo_code ~ '^([0-9]{2}){0,4}$'`))
    .addColumn('body_km', 'text', (c) => c.notNull().defaultTo('').check(sql`length(body_km) <= 20000`))
    .addColumn('body_en', 'text', (c) => c.notNull().defaultTo('').check(sql`length(body_en) <= 20000`))
    .addColumn('updated_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_narrative_pkey', ['month', 'geo_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_narrative').execute();
}
