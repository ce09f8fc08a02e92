// The downloadable types of published form versions (GET /api/types/<key>@<version>.d.ts|.schema.json).
// Generated when a version is published, in the publishing transaction, and stored: a version never
// changes, so neither do its files, and every app instance serves the same bytes (the ETag is their
// SHA-256). A version published before definition_artifact existed (shipped forms seeded at first
// start, older databases) gets its files on the first request, stored with "on conflict do nothing"
// and read back, so concurrent first requests on several instances all answer the stored row.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { can, requireActor } from '../auth/permissions';
import type { Database } from '../db/schema';
import { Problem } from '../core/problems';
import type { DefinitionRow, FormDefinitionRow } from '../db/schema';
import { findDefinition, findLatest } from './definitions.repository';
import { GENERATOR, formSchemaJson, formTypes } from './form-types';

export type ArtifactKind = 'dts' | 'schema';

export interface FormArtifact {
  key: string;
  version: number;
  kind: ArtifactKind;
  content: string;
  sha256: string;
}

export function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

async function generate(row: FormDefinitionRow): Promise<Array<{ kind: ArtifactKind; content: string }>> {
  // The generator walks the definition as plain JSON (form-types.ts), so it takes it untyped.
  const source = { key: row.key, version: row.version, schema: row.schema as unknown as Record<string, unknown>, publishedAt: row.published_at };
  return [
    { kind: 'dts', content: await formTypes(source) },
    { kind: 'schema', content: formSchemaJson(source) },
  ];
}

/** Generates and stores both files of a published form version; a version that has them keeps them. */
export async function storeFormArtifacts(db: Kysely<Database>, row: DefinitionRow): Promise<void> {
  if (row.kind !== 'form' || row.status === 'draft') return;
  const files = await generate(row);
  await db
    .insertInto('definition_artifact')
    .values(files.map((f) => ({ key: row.key, version: row.version, kind: f.kind, content: f.content, sha256: sha256Hex(f.content), generator: GENERATOR })))
    .onConflict((oc) => oc.columns(['key', 'version', 'kind']).doNothing())
    .execute();
}

async function findArtifact(db: Kysely<Database>, key: string, version: number, kind: ArtifactKind): Promise<FormArtifact | undefined> {
  return db
    .selectFrom('definition_artifact')
    .select(['key', 'version', 'kind', 'content', 'sha256'])
    .where('key', '=', key)
    .where('version', '=', version)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

function notFound(key: string, version: number | 'latest', reason?: 'not-form'): Problem {
  const ref = `${key}@${version}`;
  const message =
    reason === 'not-form'
      ? { en: `"${key}" is not a form: only forms have submission types.`, km: `"${key}" មិនមែនជាទម្រង់ទេ៖ មានតែទម្រង់ទេដែលមានប្រភេទទិន្នន័យបញ្ជូន។` }
      : { en: `There is no form version ${ref}.`, km: `គ្មានកំណែទម្រង់ ${ref} ទេ។` };
  return new Problem('DEFINITION_NOT_FOUND', { message, errors: [{ path: version === 'latest' ? 'key' : 'version', keyword: 'exists', message }] });
}

function notPublished(key: string, version: number | 'latest'): Problem {
  const message = { en: `${key}@${version} is a draft: types exist only for published versions.`, km: `${key}@${version} ជាសេចក្តីព្រាង៖ ប្រភេទទិន្នន័យមានតែសម្រាប់កំណែដែលបានផ្សព្វផ្សាយប៉ុណ្ណោះ។` };
  return new Problem('DEFINITION_NOT_PUBLISHED', { message, errors: [{ path: 'version', keyword: 'published', message }] });
}

/** The newest published version of a form (what `<key>@latest` redirects to). */
export async function latestPublishedVersion(db: Kysely<Database>, actor: Actor | null, key: string): Promise<number> {
  const who = requireActor(actor, 'definition.read');
  const row = await findLatest(db, key, 'published');
  if (row && row.kind === 'form') return row.version;
  if (row) throw notFound(key, 'latest', 'not-form');
  // A draft (or nothing, or only retired versions): an editor learns of the draft; other readers never see drafts.
  const draft = await findLatest(db, key, 'draft');
  if (draft && draft.kind === 'form' && can(who, 'definition.edit')) throw notPublished(key, 'latest');
  throw notFound(key, 'latest');
}

/**
 * One file of a published (or retired) form version. Drafts are never served: DEFINITION_NOT_PUBLISHED
 * to those who may edit definitions, DEFINITION_NOT_FOUND to others (who never see drafts).
 */
export async function formArtifact(db: Kysely<Database>, actor: Actor | null, key: string, version: number, kind: ArtifactKind): Promise<FormArtifact> {
  const who = requireActor(actor, 'definition.read');
  const stored = await findArtifact(db, key, version, kind);
  if (stored) return stored;
  const row = await findDefinition(db, key, version);
  if (!row) throw notFound(key, version);
  if (row.kind !== 'form') throw notFound(key, version, 'not-form');
  if (row.status === 'draft') throw can(who, 'definition.edit') ? notPublished(key, version) : notFound(key, version);
  await storeFormArtifacts(db, row);
  const created = await findArtifact(db, key, version, kind);
  if (!created) throw new Error(`definition_artifact ${key}@${version} ${kind} missing after insert`);
  return created;
}
