// Media answers (issue 15.4): photos, signatures and audio recordings arrive by tus uploads, before
// the record that names them (the phone uploads its outbox's files first, then the record). A file's
// bytes live in the data folder (or object storage); this row is its metadata: who sent it, for which
// form and field, its type as read from its bytes, its size and SHA-256, and (once a record names
// it) the record, whose area then decides who may read it. media_upload_lock is the tus lock held
// while one request writes an upload, shared by every app instance (decision 292).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_file')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('photo', 'signature', 'audio')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('uploading', 'stored', 'refused')`))
    .addColumn('declared_size', 'bigint', (c) => c.notNull())
    .addColumn('size', 'bigint')
    .addColumn('content_type', 'text')
    .addColumn('sha256', 'text')
    .addColumn('file_name', 'text')
    .addColumn('uploaded_by', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('submission_id', 'uuid', (c) => c.references('submission.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('stored_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('media_file_submission_idx').on('media_file').column('submission_id').execute();
  await db.schema
    .createTable('media_upload_lock')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('release_wanted', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_upload_lock').execute();
  await db.schema.dropTable('media_file').execute();
}
