// Audit entries of area-bound records (submissions, service providers) carry the record's place, so the
// audit log can be limited to the reader's area in SQL like the records themselves. Existing entries
// take the place their record has now (the best that is known of older edits).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('geo_code', 'text').addColumn('before_geo_code', 'text').execute();
  await sql`update audit_event a set geo_code = s.geo_code, before_geo_code = case when a.action = 'submission.update' then s.geo_code end
    from submission s where a.entity = 'submission' and a.entity_id = cast(s.id as text)`.execute(db);
  await sql`update audit_event a set geo_code = p.geo_code, before_geo_code = case when a.action = 'provider.update' then p.geo_code end
    from service_provider p where a.entity = 'service_provider' and a.entity_id = cast(p.id as text)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_event').dropColumn('geo_code').dropColumn('before_geo_code').execute();
}
