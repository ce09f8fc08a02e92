// Recorded clips of field labels (issue 15.5: audio prompts per criterion and language), uploaded by
// M&E officers and served by SA Studio itself. Content-addressed like help images: the key is the
// SHA-256 of the bytes, so a published form's clip can never change under it, and a clip lives in the
// database (in every backup, shared by every instance).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audio_prompt')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audio_prompt').execute();
}
