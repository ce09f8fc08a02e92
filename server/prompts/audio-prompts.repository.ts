// Reads and writes of audio_prompt (kysely only; the caller passes the transaction).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface AudioPromptRow {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
  size: number;
}

/** Stores a clip once per content; true when it was new. */
export async function insertAudioPrompt(db: Kysely<Database>, prompt: AudioPromptRow & { createdBy: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('audio_prompt')
    .values({ sha256: prompt.sha256, mime: prompt.mime, bytes: prompt.bytes, size: prompt.size, created_by: prompt.createdBy })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findAudioPrompt(db: Kysely<Database>, sha256: string): Promise<AudioPromptRow | undefined> {
  return (await db.selectFrom('audio_prompt').select(['sha256', 'mime', 'bytes', 'size']).where('sha256', '=', sha256).executeTakeFirst()) as AudioPromptRow | undefined;
}

/** Which of `hashes` are stored. */
export async function existingAudioPrompts(db: Kysely<Database>, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db.selectFrom('audio_prompt').select('sha256').where('sha256', 'in', [...hashes]).execute();
  return new Set(rows.map((r) => r.sha256));
}
