// media_file rows (kysely only; the caller's transaction is passed in). Who may read a file is decided
// here, in SQL: its uploader while no record names it, then whoever may read the record (its area
// and form, through the submission repository's areaCondition).
import { sql, type Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database, MediaKind } from '../db/schema';
import { areaCondition } from '../submissions/submissions.repository';

export interface NewUpload {
  id: string;
  definitionKey: string;
  field: string;
  kind: MediaKind;
  declaredSize: number;
  fileName: string | null;
  uploadedBy: string;
}

/** False when the id is already taken (a refused upload of the same uploader may start again). */
export async function insertUpload(db: Kysely<Database>, upload: NewUpload): Promise<boolean> {
  const row = await db
    .insertInto('media_file')
    .values({
      id: upload.id,
      definition_key: upload.definitionKey,
      field: upload.field,
      kind: upload.kind,
      status: 'uploading',
      declared_size: upload.declaredSize,
      file_name: upload.fileName,
      uploaded_by: upload.uploadedBy,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ definition_key: upload.definitionKey, field: upload.field, kind: upload.kind, status: 'uploading', declared_size: upload.declaredSize, file_name: upload.fileName })
        .where('media_file.status', '=', 'refused')
        .where('media_file.uploaded_by', '=', upload.uploadedBy),
    )
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function findUpload(db: Kysely<Database>, id: string) {
  return db.selectFrom('media_file').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markStored(db: Kysely<Database>, id: string, facts: { size: number; contentType: string; sha256: string }): Promise<void> {
  await db
    .updateTable('media_file')
    .set({ status: 'stored', size: facts.size, content_type: facts.contentType, sha256: facts.sha256, stored_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'uploading')
    .execute();
}

export async function markRefused(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('media_file').set({ status: 'refused' }).where('id', '=', id).execute();
}

/**
 * The stored files among `ids` that a record of `definitionKey` by `writerId` may name, locked until
 * the transaction ends (so two records cannot both take one file): files already named by this
 * record, or named by none and uploaded by the writer.
 */
export async function lockClaimable(db: Kysely<Database>, ids: readonly string[], definitionKey: string, submissionId: string, writerId: string) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('media_file')
    .select(['id', 'field', 'kind'])
    .where('id', 'in', ids)
    .where('status', '=', 'stored')
    .where('definition_key', '=', definitionKey)
    .where((eb) => eb.or([eb('submission_id', '=', submissionId), eb.and([eb('submission_id', 'is', null), eb('uploaded_by', '=', writerId)])]))
    .forUpdate()
    .execute();
}

export async function attachToSubmission(db: Kysely<Database>, ids: readonly string[], submissionId: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('media_file').set({ submission_id: submissionId }).where('id', 'in', ids).execute();
}

/** A stored file the reader may see: their own upload, or named by a record within `scope`. */
export async function findReadable(db: Kysely<Database>, id: string, readerId: string, scope: Scope) {
  return db
    .selectFrom('media_file')
    .select(['id', 'kind', 'content_type', 'size', 'sha256', 'file_name', 'submission_id', 'stored_in'])
    .where('id', '=', id)
    .where('status', '=', 'stored')
    .where((eb) =>
      eb.or([
        eb.and([eb('submission_id', 'is', null), eb('uploaded_by', '=', readerId)]),
        eb.exists(
          eb
            .selectFrom('submission')
            .select(sql`1`.as('one'))
            .whereRef('submission.id', '=', 'media_file.submission_id')
            .where((sub) => areaCondition(sub as never, scope)),
        ),
      ]),
    )
    .executeTakeFirst();
}

/** The files a record names (the record view and exports list them). */
export async function listForSubmissions(db: Kysely<Database>, submissionIds: readonly string[]) {
  if (submissionIds.length === 0) return [];
  return db
    .selectFrom('media_file')
    .select(['id', 'submission_id', 'field', 'kind', 'content_type', 'size', 'sha256'])
    .where('submission_id', 'in', submissionIds)
    .execute();
}

export interface OnDiskFile {
  id: string;
  size: number;
  contentType: string;
  sha256: string;
}

/**
 * Claims up to `limit` stored files still on the disk for `leaseMs` (skip locked: instances never
 * claim the same file; a dead instance's lease runs out and another takes the file).
 */
export async function claimOnDisk(db: Kysely<Database>, limit: number, leaseMs: number): Promise<OnDiskFile[]> {
  const rows = await db
    .updateTable('media_file')
    .set({ offload_until: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('media_file')
        .select('id')
        .where('status', '=', 'stored')
        .where('stored_in', '=', 'disk')
        .where((w) => w.or([w('offload_until', 'is', null), w('offload_until', '<', sql<Date>`now()`)]))
        .orderBy('stored_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'size', 'content_type', 'sha256'])
    .execute();
  return rows.map((r) => ({ id: r.id, size: Number(r.size), contentType: r.content_type ?? 'application/octet-stream', sha256: r.sha256 ?? '' }));
}

/** The file is in the bucket: reads go there from now on. */
export async function markInBucket(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('media_file').set({ stored_in: 's3', offload_until: null }).where('id', '=', id).where('stored_in', '=', 'disk').execute();
}

/** The file stays on the disk; claimable again after `afterMs` (0: at once, when a stopping instance gives it back). */
export async function releaseOffload(db: Kysely<Database>, id: string, afterMs: number): Promise<void> {
  await db
    .updateTable('media_file')
    .set({ offload_until: afterMs > 0 ? sql<Date>`now() + make_interval(secs => ${afterMs / 1000})` : null })
    .where('id', '=', id)
    .where('stored_in', '=', 'disk')
    .execute();
}
