// Review and corrections (issue 12): `status` becomes the review state (received → has_issues →
// approved, or rejected; 'submitted' rows become 'received'), `version` counts every data edit and
// review change (optimistic concurrency), and the last review change keeps who and when. An approved
// record is locked (derived: status = 'approved'); an unlock that a reviewer grants moves it back to
// has_issues. submission_version (the previous data of each edit) learns the version and state the
// edit produced, so the history reads as steps. The insert function of 20261201090000 is not replaced:
// new rows take the column default. Review changes are plain UPDATEs, so the changed_xid trigger
// (20261201010000) marks them for the indicator refresher like any edit.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table submission alter column status set default 'received'`.execute(db);
  await sql`update submission set status = 'received' where status = 'submitted'`.execute(db);
  await sql`alter table submission add constraint submission_status_check check (status in ('received', 'has_issues', 'approved', 'rejected'))`.execute(db);
  await db.schema
    .alterTable('submission')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reviewed_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('reviewed_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('submission_version')
    .addColumn('next_version', 'integer')
    .addColumn('next_status', 'text')
    .execute();
  await sql`update submission_version set status = 'received' where status = 'submitted'`.execute(db);
  // Older edits each made the next version and kept the state.
  await sql`update submission_version set next_version = version + 1, next_status = status`.execute(db);
  await sql`update submission s set version = v.n + 1 from (select submission_id, max(version) as n from submission_version group by submission_id) v where v.submission_id = s.id`.execute(db);
  // "Sent back to me" and "waiting for review" read these states only.
  await sql`create index submission_has_issues_idx on submission (submitted_by) where status = 'has_issues'`.execute(db);
  await sql`create index submission_received_idx on submission (geo_code text_pattern_ops) where status = 'received'`.execute(db);

  await db.schema
    .createTable('submission_comment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submission.id').onDelete('cascade'))
    .addColumn('author_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) <= 2000`))
    .addColumn('reply_to', 'uuid', (c) => c.references('submission_comment.id').onDelete('set null'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('comment', 'review', 'unlock_request', 'unlock_granted', 'unlock_refused')`))
    // The record's version after the change the comment came with (its version then, for plain comments).
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('submission_comment_submission_idx').on('submission_comment').columns(['submission_id', 'created_at']).execute();

  await db.schema
    .createTable('submission_unlock_request')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('submission_id', 'uuid', (c) => c.notNull().references('submission.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`char_length(reason) between 1 and 2000`))
    .addColumn('requested_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('granted', 'refused')`))
    .addColumn('decided_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_reason', 'text', (c) => c.check(sql`char_length(decision_reason) <= 2000`))
    .execute();
  // At most one pending request per record.
  await sql`create unique index submission_unlock_pending_idx on submission_unlock_request (submission_id) where decision is null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('submission_unlock_request').execute();
  await db.schema.dropTable('submission_comment').execute();
  await sql`drop index submission_received_idx`.execute(db);
  await sql`drop index submission_has_issues_idx`.execute(db);
  await db.schema.alterTable('submission_version').dropColumn('next_version').dropColumn('next_status').execute();
  await sql`update submission_version set status = 'submitted' where status = 'received'`.execute(db);
  await db.schema.alterTable('submission').dropColumn('version').dropColumn('reviewed_by').dropColumn('reviewed_at').execute();
  await sql`alter table submission drop constraint submission_status_check`.execute(db);
  await sql`update submission set status = 'submitted' where status = 'received'`.execute(db);
  await sql`alter table submission alter column status set default 'submitted'`.execute(db);
}
