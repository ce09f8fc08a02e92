// Webhook secret rotation (issue 14.6; decision 334): after a new secret is made, the old one keeps
// signing beside it until `previous_secret_until`, so a receiver can switch without losing a delivery.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook').addColumn('previous_secret', 'text').addColumn('previous_secret_until', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('webhook').dropColumn('previous_secret').dropColumn('previous_secret_until').execute();
}
