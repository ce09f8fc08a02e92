// Finds recently changed submissions (new or edited) so indicator roll-ups refresh only those places.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('submission_key_updated_idx').on('submission').columns(['definition_key', 'updated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('submission_key_updated_idx').execute();
}
