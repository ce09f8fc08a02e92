// Audio prompts (issue 15.5): clips of field labels an M&E officer records or uploads in the builder,
// one per language, played on the fill page for participants who cannot read. A clip's type is read
// from its bytes (file-type, the audio types media answers accept), never from the name or the
// Content-Type sent; it is stored once per content and named by its SHA-256, which the definition
// holds in `x-audio` (form-engine/model/audio-prompts.ts). A form naming a clip the server does not
// have is refused when saved, at the keyword's path.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import type { Kysely } from 'kysely';
import { audioPromptsOf, AUDIO_PROMPT_ID } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { recordAudit } from '../audit/audit.repository';
import { Problem } from '../core/problems';
import type { Database } from '../db/schema';
import { acceptedNames, acceptedType } from '../media/media-kinds';
import { existingAudioPrompts, findAudioPrompt, insertAudioPrompt, type AudioPromptRow } from './audio-prompts.repository';

/** A clip of a label is short: 2 MiB is minutes of Opus, seconds of WAV. */
export const AUDIO_PROMPT_MAX_BYTES = 2 * 1024 * 1024;

export interface StoredAudioPrompt {
  sha256: string;
  mime: string;
  size: number;
}

export async function storeAudioPrompt(trx: Kysely<Database>, actor: Actor | null, bytes: Uint8Array): Promise<StoredAudioPrompt> {
  const who = requireActor(actor, 'definition.edit');
  if (bytes.length > AUDIO_PROMPT_MAX_BYTES) throw new Problem('PAYLOAD_TOO_LARGE');
  const mime = acceptedType('audio', (await fileTypeFromBuffer(bytes))?.mime);
  if (!mime) {
    const names = acceptedNames('audio');
    throw new Problem('UNSUPPORTED_MEDIA_TYPE', {
      message: { en: `Send a sound file (${names}).`, km: `សូមផ្ញើឯកសារសំឡេង (${names})។` },
      errors: [{ path: 'file', keyword: 'type', message: { en: `Not a sound file (${names})`, km: `មិនមែនជាឯកសារសំឡេង (${names}) ទេ` } }],
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const created = await insertAudioPrompt(trx, { sha256, mime, bytes, size: bytes.length, createdBy: who.id });
  if (created) await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'definition.audio_upload', entity: 'audio_prompt', entityId: sha256, after: { mime, size: bytes.length }, ip: who.ip });
  return { sha256, mime, size: bytes.length };
}

/** Clips are served to anyone who has the address: the hash of their content (as help images). */
export async function readAudioPrompt(db: Kysely<Database>, sha256: string): Promise<AudioPromptRow | null> {
  if (!AUDIO_PROMPT_ID.test(sha256)) return null;
  return (await findAudioPrompt(db, sha256)) ?? null;
}

/** Refuses a form that names a clip the server does not have, at the clip's path. */
export async function assertAudioPromptsExist(db: Kysely<Database>, schema: unknown): Promise<void> {
  const named = audioPromptsOf(schema);
  if (named.length === 0) return;
  const stored = await existingAudioPrompts(db, [...new Set(named.map((n) => n.sha256))]);
  const missing = named.filter((n) => !stored.has(n.sha256));
  if (missing.length === 0) return;
  throw new Problem('INVALID_DEFINITION', {
    errors: missing.map((m) => ({ path: m.path, keyword: 'AUDIO_PROMPT_MISSING', message: { en: 'No sound clip with this name was uploaded: record or upload it again.', km: 'គ្មានឯកសារសំឡេងដែលមានឈ្មោះនេះត្រូវបានផ្ទុកឡើងទេ៖ សូមថត ឬផ្ទុកវាឡើងម្តងទៀត។' } })),
  });
}
