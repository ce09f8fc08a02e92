// Organisation logos of report templates: images stored like help pictures (once per content, type
// read from the bytes, served from /help-images/<sha256>, never from elsewhere), by definition
// editors, at most 512 KiB (a logo prints at a few centimetres).
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import type { Database } from '../db/schema';
import { storeImage, type StoredImage } from '../help/help.service';

export const REPORT_LOGO_MAX_BYTES = 512 * 1024;

export async function storeReportLogo(trx: Kysely<Database>, actor: Actor | null, bytes: Uint8Array): Promise<StoredImage> {
  return storeImage(trx, requireActor(actor, 'definition.edit'), bytes, { maxBytes: REPORT_LOGO_MAX_BYTES, action: 'report.logo_upload' });
}
