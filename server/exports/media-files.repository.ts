// Why: a form's zip export may carry the files of its photo, signature and audio answers (issue
// 15.4). Which files is decided in SQL by the export's own where clause (whereSubmissions: the
// reader's area, the filters, training mode), through the record that names each file, so a zip
// never holds a file its reader could not open with GET /media/:id.
import type { Kysely } from 'kysely';
import type { Scope } from '../auth/scope';
import type { Database, MediaStoredIn } from '../db/schema';
import type { SubmissionFilter } from '../submissions/submission-filter';
import { whereSubmissions } from '../submissions/submissions.repository';

export interface ExportMediaFile {
  id: string;
  content_type: string | null;
  stored_in: MediaStoredIn;
}

/** The stored files named by the records an export reads, in the records' order (a cursor). */
export function streamExportMedia(db: Kysely<Database>, definitionKey: string, scope: Scope, filter: SubmissionFilter): AsyncIterableIterator<ExportMediaFile> {
  return db
    .selectFrom('media_file')
    .innerJoin('submission', 'submission.id', 'media_file.submission_id')
    .select(['media_file.id', 'media_file.content_type', 'media_file.stored_in'])
    .where('media_file.status', '=', 'stored')
    .where((eb) => whereSubmissions(eb as never, definitionKey, scope, filter))
    .orderBy('submission.seq', 'asc')
    .orderBy('media_file.id', 'asc')
    .stream(200) as AsyncIterableIterator<ExportMediaFile>;
}

/** How many files streamExportMedia will give (the progress of a zip with files=1). */
export async function countExportMedia(db: Kysely<Database>, definitionKey: string, scope: Scope, filter: SubmissionFilter): Promise<number> {
  const row = await db
    .selectFrom('media_file')
    .innerJoin('submission', 'submission.id', 'media_file.submission_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('media_file.status', '=', 'stored')
    .where((eb) => whereSubmissions(eb as never, definitionKey, scope, filter))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
