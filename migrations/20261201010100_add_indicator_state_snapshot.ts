// The refresher's bookmark becomes the database snapshot of its last pass (rows visible in it are
// counted), replacing the sequence number; a version without one is rebuilt in full once. The last
// failure of an indicator (code, path, detail, time) is kept next to it, so editors see it and the
// other indicators keep refreshing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('indicator_state')
    .addColumn('snapshot', 'text')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('error_code', 'text')
    .addColumn('error_path', 'text')
    .addColumn('error_detail', 'text')
    .dropColumn('seq_through')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('indicator_state')
    .dropColumn('snapshot')
    .dropColumn('failed_at')
    .dropColumn('error_code')
    .dropColumn('error_path')
    .dropColumn('error_detail')
    .addColumn('seq_through', 'bigint')
    .execute();
  await sql`update indicator_state set built_at = null`.execute(db);
}
