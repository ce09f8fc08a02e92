// Archived versions keep their derived place and period: when an edit moves a record to another
// place, the indicator refresher recomputes the old place too (it reads the archived place).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('submission_version').addColumn('geo_code', 'text').addColumn('period', 'date').execute();
  await sql`update submission_version v set geo_code = s.geo_code, period = s.period from submission s where s.id = v.submission_id`.execute(db);
  // The refresher looks up recent edits every second.
  await db.schema.createIndex('submission_version_edited_at_idx').on('submission_version').column('edited_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('submission_version_edited_at_idx').execute();
  await db.schema.alterTable('submission_version').dropColumn('geo_code').dropColumn('period').execute();
}
