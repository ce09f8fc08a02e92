// Help rows (kysely only): help pages are definition rows of kind "help"; images live in help_image.
// Search is a substring match, not words: Khmer is written without spaces between words, so a Khmer
// word is found wherever it occurs. Zero-width spaces (U+200B, used by some Khmer typists as word
// breaks) are removed from both sides first.
import { sql, type Kysely } from 'kysely';
import type { HelpPage } from '../../form-engine/help/types';
import type { Database, DefinitionStatus } from '../db/schema';

export interface HelpRow {
  key: string;
  version: number;
  status: DefinitionStatus;
  /** Rows of kind "help" hold a help page (checked by checkHelp before they are stored). */
  schema: HelpPage;
  published_at: Date | null;
}

const columns = ['key', 'version', 'status', 'schema', 'published_at'] as const;

/** The newest published version of every help page (the one query every reader's list starts from). */
function latestPublished(db: Kysely<Database>) {
  return db
    .selectFrom('definition')
    .select(columns)
    .distinctOn('key')
    .where('kind', '=', 'help')
    .where('status', '=', 'published')
    .orderBy('key')
    .orderBy('version', 'desc');
}

export async function listPublishedHelp(db: Kysely<Database>): Promise<HelpRow[]> {
  return (await latestPublished(db).execute()) as HelpRow[];
}

/** The newest published version of each of these keys (a course's modules), in one query. */
export async function listPublishedHelpOf(db: Kysely<Database>, keys: readonly string[]): Promise<HelpRow[]> {
  if (keys.length === 0) return [];
  return (await latestPublished(db).where('key', 'in', keys).execute()) as HelpRow[];
}

export async function findHelp(db: Kysely<Database>, key: string, version?: number): Promise<HelpRow | undefined> {
  let q = db.selectFrom('definition').select(columns).where('kind', '=', 'help').where('key', '=', key);
  q = version === undefined ? q.where('status', '=', 'published') : q.where('version', '=', version);
  return (await q.orderBy('version', 'desc').limit(1).executeTakeFirst()) as HelpRow | undefined;
}

/** Published pages whose `routes` name this product route (the page's "?"). */
export async function findHelpForRoute(db: Kysely<Database>, route: string): Promise<HelpRow[]> {
  return (await db
    .selectFrom(latestPublished(db).as('latest'))
    .selectAll()
    .where(sql<boolean>`coalesce(schema->'routes', '[]'::jsonb) @> jsonb_build_array(${route}::text)`)
    .orderBy('key')
    .execute()) as HelpRow[];
}

const ZWSP = sql`chr(8203)`;
const folded = (text: ReturnType<typeof sql>) => sql`replace(lower(${text}), ${ZWSP}, '')`;

/** Published pages containing `needle` in their title, summary or body (either language), titles first. */
export async function searchHelp(db: Kysely<Database>, needle: string, limit: number): Promise<HelpRow[]> {
  const n = folded(sql`${needle}::text`);
  const title = folded(sql`coalesce(schema->'x-title'->>'km', '') || ' ' || coalesce(schema->'x-title'->>'en', '') || ' ' || coalesce(schema->'x-summary'->>'km', '') || ' ' || coalesce(schema->'x-summary'->>'en', '')`);
  const body = folded(sql`coalesce(schema->'body'->>'km', '') || ' ' || coalesce(schema->'body'->>'en', '')`);
  const inTitle = sql<boolean>`strpos(${title}, ${n}) > 0`;
  return (await db
    .selectFrom(latestPublished(db).as('latest'))
    .selectAll()
    .where(sql<boolean>`${inTitle} or strpos(${body}, ${n}) > 0`)
    .orderBy(inTitle, 'desc')
    .orderBy('key')
    .limit(limit)
    .execute()) as HelpRow[];
}

export interface HelpImageRow {
  sha256: string;
  mime: string;
  bytes: Uint8Array;
  size: number;
}

/** Stores an image once per content; true when it was new. */
export async function insertHelpImage(db: Kysely<Database>, image: HelpImageRow & { createdBy: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('help_image')
    .values({ sha256: image.sha256, mime: image.mime, bytes: image.bytes, size: image.size, created_by: image.createdBy })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findHelpImage(db: Kysely<Database>, sha256: string): Promise<HelpImageRow | undefined> {
  return (await db.selectFrom('help_image').select(['sha256', 'mime', 'bytes', 'size']).where('sha256', '=', sha256).executeTakeFirst()) as HelpImageRow | undefined;
}
