// The rules of media answers (issue 15.4), without fastify. An upload must say which form and
// question its file answers (tus metadata `form`, `version`, `field`) and carry a client-made UUID
// (`id`): the phone writes that id into the record while offline, then sends the file, then the
// record. Before any byte is stored: the caller may submit that form, the question takes files, the
// announced size is within MEDIA_MAX_BYTES. When the last byte is in: the type is read from the
// bytes, the SHA-256 computed, and the row marked stored (or the file deleted and refused). A record
// may name only stored files of its own form and question that its writer uploaded (or that it
// already names); they are linked to it in the record's transaction.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { fileTypeFromBuffer } from 'file-type';
import { mediaAnswers, mediaQuestions, type Definition, type MediaWidget } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { can } from '../auth/permissions';
import { formAllowed, scopeOf } from '../auth/scope';
import type { Database } from '../db/schema';
import { Problem, type ProblemDetail } from '../core/problems';
import { UUID } from '../core/params';
import type { DefinitionCache } from '../definitions/definition-cache';
import { acceptedNames, acceptedType } from './media-kinds';
import { attachToSubmission, findReadable, findUpload, insertUpload, lockClaimable, markRefused, markStored } from './media.repository';

const questionsOf = new WeakMap<object, Map<string, MediaWidget>>();

/** The media questions of a definition (computed once per loaded schema). */
export function questionsOfSchema(schema: Definition): Map<string, MediaWidget> {
  let found = questionsOf.get(schema);
  if (!found) questionsOf.set(schema, (found = mediaQuestions(schema)));
  return found;
}

const badUpload = (en: string, km: string) => new Problem('MEDIA_BAD_UPLOAD', { message: { en, km } });

export interface UploadRequest {
  id: string | undefined;
  form: string | undefined;
  version: string | undefined;
  field: string | undefined;
  fileName: string | undefined;
  size: number | undefined;
}

/** Checks an upload's announcement and records it (status `uploading`); throws a Problem otherwise. */
export async function startUpload(db: Kysely<Database>, definitions: DefinitionCache, actor: Actor, request: UploadRequest, maxBytes: number): Promise<void> {
  if (!can(actor, 'submission.create')) throw new Problem('FORBIDDEN');
  if (!request.id || !UUID.test(request.id)) throw badUpload('The upload needs an `id` (a UUID made by the phone).', 'ការផ្ទុកឡើងត្រូវការ `id` (UUID ដែលបង្កើតដោយទូរស័ព្ទ)។');
  const version = Number(request.version);
  if (!request.form || !Number.isInteger(version) || version < 1) throw badUpload('The upload must name its form (`form`, `version`).', 'ការផ្ទុកឡើងត្រូវតែដាក់ឈ្មោះទម្រង់របស់វា (`form`, `version`)។');
  if (!formAllowed(scopeOf(actor, 'submission.create'), request.form)) throw new Problem('TOKEN_FORM_NOT_ALLOWED');
  const def = await definitions.get(db, request.form, version);
  if (!def || def.kind !== 'form' || def.status === 'draft') throw new Problem('DEFINITION_NOT_FOUND');
  const kind = request.field ? questionsOfSchema(def.schema as Definition).get(request.field) : undefined;
  if (!kind) throw badUpload(`Form ${request.form} has no photo, signature or recording question "${request.field ?? ''}".`, `ទម្រង់ ${request.form} គ្មានសំណួររូបថត ហត្ថលេខា ឬការថតសំឡេង "${request.field ?? ''}" ទេ។`);
  if (request.size === undefined) throw badUpload('The upload must announce its size (Upload-Length).', 'ការផ្ទុកឡើងត្រូវតែប្រាប់ទំហំរបស់វា (Upload-Length)។');
  if (request.size > maxBytes) throw tooLarge(maxBytes);
  if (request.size === 0) throw badUpload('The file is empty.', 'ឯកសារទទេ។');
  const inserted = await insertUpload(db, {
    id: request.id.toLowerCase(),
    definitionKey: def.key,
    field: request.field!,
    kind,
    declaredSize: request.size,
    fileName: request.fileName?.slice(0, 200) ?? null,
    uploadedBy: actor.id,
  });
  if (!inserted) throw new Problem('MEDIA_ID_TAKEN');
}

export function tooLarge(maxBytes: number): Problem {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new Problem('MEDIA_TOO_LARGE', { message: { en: `A file may be at most ${mb} MB.`, km: `ឯកសារមួយមិនអាចលើសពី ${mb} MB ទេ។` } });
}

/** A write to an existing upload: only by its uploader, only while it is being uploaded. */
export async function checkUploadWriter(db: Kysely<Database>, actor: Actor, id: string, method: string): Promise<void> {
  const row = UUID.test(id) ? await findUpload(db, id.toLowerCase()) : undefined;
  if (!row || row.uploaded_by !== actor.id) throw new Problem('NOT_FOUND');
  if (method === 'PATCH' && row.status !== 'uploading') throw new Problem('CONFLICT');
}

/** The hex SHA-256 of a file on the disk, read as a stream. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function headOf(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4100);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The last byte is in: read the type from the bytes, hash them, store or refuse (deleting the file). */
export async function finishUpload(db: Kysely<Database>, id: string, path: string, size: number, expectedSha256?: string): Promise<{ contentType: string; sha256: string }> {
  const row = await findUpload(db, id);
  if (!row) throw new Problem('NOT_FOUND');
  const sniffed = await fileTypeFromBuffer(await headOf(path));
  const contentType = acceptedType(row.kind, sniffed?.mime);
  if (!contentType) {
    await markRefused(db, id);
    await rm(path, { force: true });
    const names = acceptedNames(row.kind);
    throw new Problem('MEDIA_TYPE_REFUSED', {
      message: { en: `This question takes ${names} files; this file's contents are ${sniffed?.mime ?? 'not one of them'}.`, km: `សំណួរនេះទទួលឯកសារ ${names}៖ ខ្លឹមសារនៃឯកសារនេះមិនមែនជាប្រភេទទាំងនោះទេ (${sniffed?.mime ?? '?'})។` },
      errors: [{ path: row.field, keyword: 'contentType', message: { en: `Expected ${names}.`, km: `រំពឹងថា ${names}។` } }],
    });
  }
  const sha256 = await sha256Of(path);
  if (expectedSha256 && expectedSha256.toLowerCase() !== sha256) {
    // The bytes that arrived are not the bytes the phone sent: keep nothing, the phone sends again.
    await markRefused(db, id);
    await rm(path, { force: true });
    throw new Problem('MEDIA_CHECKSUM_MISMATCH');
  }
  await markStored(db, id, { size, contentType, sha256 });
  return { contentType, sha256 };
}

/** A stored file the actor may read (own upload, or named by a record they may read); else NOT_FOUND. */
export async function readableFile(db: Kysely<Database>, actor: Actor, id: string) {
  if (!UUID.test(id) || !can(actor, 'submission.read')) throw new Problem('NOT_FOUND');
  const row = await findReadable(db, id.toLowerCase(), actor.id, scopeOf(actor, 'submission.read'));
  if (!row) throw new Problem('NOT_FOUND');
  return row;
}

/**
 * The media answers of a record about to be written, checked: each must be a stored file of this
 * form and question, uploaded by the writer (or already named by this record). The files are locked
 * until the transaction ends. Returns the errors (empty: every answer is fine) and the ids to link.
 */
export async function claimMedia(
  db: Kysely<Database>,
  schema: Definition,
  definitionKey: string,
  submissionId: string,
  data: unknown,
  writerId: string,
): Promise<{ errors: ProblemDetail[]; ids: string[] }> {
  if (questionsOfSchema(schema).size === 0) return { errors: [], ids: [] };
  const answers = mediaAnswers(schema, data);
  if (answers.length === 0) return { errors: [], ids: [] };
  const wellFormed = answers.filter((a) => typeof a.value === 'string' && UUID.test(a.value));
  const claimable = await lockClaimable(db, [...new Set(wellFormed.map((a) => (a.value as string).toLowerCase()))], definitionKey, submissionId, writerId);
  const byId = new Map(claimable.map((row) => [row.id, row]));
  const errors: ProblemDetail[] = [];
  const ids = new Set<string>();
  for (const answer of answers) {
    const id = typeof answer.value === 'string' ? answer.value.toLowerCase() : '';
    const row = byId.get(id);
    if (!row || row.field !== answer.question) {
      errors.push({ path: answer.path, keyword: 'media', message: { en: 'This file has not been uploaded (or not completely, or for another question).', km: 'ឯកសារនេះមិនទាន់ត្រូវបានផ្ទុកឡើង (ឬមិនពេញលេញ ឬសម្រាប់សំណួរផ្សេង)។' } });
    } else if (ids.has(id)) {
      errors.push({ path: answer.path, keyword: 'media', message: { en: 'One file cannot answer two questions.', km: 'ឯកសារមួយមិនអាចឆ្លើយសំណួរពីរបានទេ។' } });
    } else ids.add(id);
  }
  return { errors, ids: [...ids] };
}

export function mediaProblem(errors: ProblemDetail[]): Problem {
  return new Problem('MEDIA_NOT_UPLOADED', { errors });
}

/** Links claimed files to the record (same transaction as its write). */
export async function linkMedia(db: Kysely<Database>, ids: readonly string[], submissionId: string): Promise<void> {
  await attachToSubmission(db, ids, submissionId);
}
