// Lets indicator refreshes read only the submissions of the places that changed (the leaf code is the
// first six digits of the derived geography), instead of every submission of the form.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index submission_key_leaf_idx on submission (definition_key, (left(coalesce(geo_code, ''), 6)))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index submission_key_leaf_idx`.execute(db);
}
