// Where a stored media file's bytes are (issue 15.4): 'disk' (MEDIA_DIR, where every upload lands,
// since tus needs a file to resume into) or 's3' (moved to the configured bucket by media-offload.ts,
// then removed from the disk). A partial index finds the files still to move without a scan;
// offload_until is the lease of the instance moving one (no transaction is held open over the network).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('media_file')
    .addColumn('stored_in', 'text', (c) => c.notNull().defaultTo('disk').check(sql`stored_in in ('disk', 's3')`))
    .addColumn('offload_until', 'timestamptz')
    .execute();
  await sql`create index media_file_on_disk_idx on media_file (stored_at) where status = 'stored' and stored_in = 'disk'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_file_on_disk_idx').execute();
  await db.schema.alterTable('media_file').dropColumn('stored_in').dropColumn('offload_until').execute();
}
