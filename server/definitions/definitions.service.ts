// Definition lifecycle rules: draft → published (frozen, integer versions) → retired. A new draft
// starts from the latest version; every change is checked for validity and safety, and audited.
import { assertAudioPromptsExist } from '../prompts/audio-prompts.service';
import type { Kysely } from 'kysely';
import { checkDefinition, checkHelp, checkIndicator, diffDefinitions, type DefinitionProblem, type HelpPage, type IndicatorDefinition } from '../../form-engine/index';
import type { Actor } from '../auth/actor';
import { requireActor, can, type Action } from '../auth/permissions';
import { recordAudit } from '../audit/audit.repository';
import type { Database, DefinitionRow, DefinitionStatus } from '../db/schema';
import { Problem } from '../core/problems';
import { helpLinkProblems } from '../help/help-markdown';
import { indicatorSqlProblems } from '../indicators/sql-check';
import { DEFINITION_CHANNEL, type DefinitionCache } from './definition-cache';
import { storeFormArtifacts } from './form-artifacts.service';
import { definitionPublishedPayload } from '../webhooks/webhook-events';
import { enqueueDefinitionPublished } from '../webhooks/webhooks.repository';
import { patternTimeProblems } from './pattern-safety';
import { reportProblems } from '../reports/report-template';
import { findDefinition, findLatest, insertDefinition, listLatest, listVersions, notifyDefinitionChanged, setStatus, updateDraftSchema } from './definitions.repository';

/** A definition's key: 2–63 lowercase letters, digits or dashes, starting with a letter. */
export const KEY_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

function assertKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw new Problem('BAD_INPUT', {
      message: { en: 'A key is 2–63 lowercase letters, digits or dashes, starting with a letter.', km: 'កូនសោត្រូវមានអក្សរតូច លេខ ឬសញ្ញា - ចំនួន ២–៦៣ ហើយចាប់ផ្តើមដោយអក្សរ។' },
      errors: [{ path: 'key', keyword: 'pattern', message: { en: 'Invalid key', km: 'កូនសោមិនត្រឹមត្រូវ' } }],
    });
  }
}

type Kind = 'form' | 'indicator' | 'help' | 'report';

function kindOf(schema: unknown): Kind {
  const kind = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>)['x-kind'] : undefined;
  return kind === 'indicator' || kind === 'help' || kind === 'report' ? kind : 'form';
}

/** Whether the actor may change definitions of some kind (so a missing one is NOT_FOUND, not FORBIDDEN). */
function editsAnyKind(who: Actor): boolean {
  return can(who, 'definition.edit') || can(who, 'help.edit');
}

/** Who may change a definition of this kind: help pages are the trainers' (help.edit). */
function editAction(kind: string): Action {
  return kind === 'help' ? 'help.edit' : 'definition.edit';
}

/** A help page's format problems, then its Markdown links (with the language and line). */
function helpProblems(schema: unknown): DefinitionProblem[] {
  const problems = checkHelp(schema);
  if (problems.length > 0) return problems;
  const body = (schema as HelpPage).body;
  return (['km', 'en'] as const).flatMap((lang) =>
    helpLinkProblems(body[lang]).map((p) => ({
      code: 'INVALID_DEFINITION' as const,
      path: `body.${lang}`,
      message: { en: `Line ${p.line} (${p.url}): ${p.message.en}`, km: `បន្ទាត់ ${p.line} (${p.url})៖ ${p.message.km}` },
    })),
  );
}

/** Refuses invalid or unsafe definitions with the problem's path; returns the kind. */
export async function assertDefinition(schema: unknown): Promise<Kind> {
  const kind = kindOf(schema);
  if (kind === 'report') {
    // Report templates have codes of their own (REPORT_TEMPLATE_UNSAFE, REPORT_TEMPLATE_INVALID).
    const found = reportProblems(schema);
    if (found.length > 0) throw new Problem(found[0]!.code, { errors: found.map((p) => ({ path: p.path, keyword: p.keyword, message: p.message })) });
    return kind;
  }
  let problems = kind === 'indicator' ? checkIndicator(schema) : kind === 'help' ? helpProblems(schema) : checkDefinition(schema);
  // Only a well-formed form's patterns are analysed for run time (they parse by then).
  if (problems.length === 0 && kind === 'form') problems = await patternTimeProblems(schema);
  // An indicator must also compile to the SQL that computes it (the refresher's own compiler).
  if (kind === 'indicator' && problems.length === 0) problems = indicatorSqlProblems(schema as IndicatorDefinition);
  if (problems.length > 0) {
    const unsafe = problems.some((p) => p.code === 'UNSAFE_DEFINITION');
    throw new Problem(unsafe ? 'UNSAFE_DEFINITION' : 'INVALID_DEFINITION', {
      errors: problems.map((p) => ({ path: p.path, keyword: p.code, message: p.message })),
    });
  }
  return kind;
}

/** A key keeps its kind: a help page cannot replace a form's draft, nor the other way round. */
function assertSameKind(key: string, stored: DefinitionRow | undefined, kind: Kind): void {
  if (stored && stored.kind !== kind) {
    const message = { en: `"${key}" is already used by a ${stored.kind}: choose another key.`, km: `"${key}" ត្រូវបានប្រើរួចហើយ (${stored.kind})៖ សូមជ្រើសរើសកូនសោផ្សេង។` };
    throw new Problem('CONFLICT', { message, errors: [{ path: 'key', keyword: 'kind', message }] });
  }
}

/** Keys that are pages of the help centre's own (/help/new). */
const RESERVED_HELP_KEYS = new Set(['new']);

export async function listDefinitions(db: Kysely<Database>, actor: Actor | null, status?: DefinitionStatus): Promise<DefinitionRow[]> {
  const who = requireActor(actor, 'definition.read');
  const rows = await listLatest(db, status);
  // Drafts are work in progress: only their editors see them.
  return rows.filter((r) => r.status !== 'draft' || can(who, editAction(r.kind)));
}

export async function getDefinition(db: Kysely<Database>, actor: Actor | null, key: string, version?: number): Promise<DefinitionRow | null> {
  const who = requireActor(actor, 'definition.read');
  // Without a version: the newest published one, or, for an editor of a key nothing of which is
  // published yet, its draft. (A new database holds only the newest shipped version of a form, so
  // no page may assume a key has a version 1.)
  const row = version === undefined ? ((await findLatest(db, key, 'published')) ?? (await findLatest(db, key))) : await findDefinition(db, key, version);
  if (!row || (row.status === 'draft' && !can(who, editAction(row.kind)))) return null;
  return row;
}

export async function saveDraft(trx: Kysely<Database>, actor: Actor | null, key: string, schema: unknown): Promise<DefinitionRow> {
  const who = requireActor(actor, editAction(kindOf(schema)));
  assertKey(key);
  const kind = await assertDefinition(schema);
  if (kind === 'form') await assertAudioPromptsExist(trx, schema);
  if (kind === 'help' && RESERVED_HELP_KEYS.has(key)) {
    throw new Problem('BAD_INPUT', { errors: [{ path: 'key', keyword: 'reserved', message: { en: `"${key}" is a page of the help centre: choose another key.`, km: `"${key}" ជាទំព័រមួយនៃមជ្ឈមណ្ឌលជំនួយ៖ សូមជ្រើសរើសកូនសោផ្សេង។` } }] });
  }
  const latest = await findLatest(trx, key);
  assertSameKind(key, latest, kind);
  if (latest?.status === 'draft') {
    await updateDraftSchema(trx, key, latest.version, schema);
  } else {
    await insertDefinition(trx, { key, version: (latest?.version ?? 0) + 1, kind, status: 'draft', schema, createdBy: who.id });
  }
  const version = latest?.status === 'draft' ? latest.version : (latest?.version ?? 0) + 1;
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'definition.save_draft', entity: 'definition', entityId: `${key}@${version}`, before: latest?.status === 'draft' ? latest.schema : undefined, after: schema, ip: who.ip });
  return (await findDefinition(trx, key, version))!;
}

/** Starts the next draft from an existing version (the latest by default): "edit" and "restore". */
export async function newDraft(trx: Kysely<Database>, actor: Actor | null, key: string, fromVersion?: number): Promise<DefinitionRow> {
  const who = requireActor(actor);
  const source = fromVersion === undefined ? await findLatest(trx, key) : await findDefinition(trx, key, fromVersion);
  if (!source) throw new Problem('NOT_FOUND');
  if (!can(who, editAction(source.kind))) throw new Problem('FORBIDDEN');
  return saveDraft(trx, actor, key, source.schema);
}

export async function publish(trx: Kysely<Database>, actor: Actor | null, key: string): Promise<DefinitionRow> {
  const who = requireActor(actor);
  const draft = await findLatest(trx, key, 'draft');
  if (!draft) throw new Problem(editsAnyKind(who) ? 'NOT_FOUND' : 'FORBIDDEN', { message: { en: `No draft of "${key}" to publish.`, km: `គ្មានសេចក្តីព្រាងនៃ "${key}" សម្រាប់ផ្សព្វផ្សាយទេ។` } });
  if (!can(who, editAction(draft.kind))) throw new Problem('FORBIDDEN');
  await assertDefinition(draft.schema);
  await setStatus(trx, key, draft.version, 'published');
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'definition.publish', entity: 'definition', entityId: `${key}@${draft.version}`, ip: who.ip });
  const published = (await findDefinition(trx, key, draft.version))!;
  // Its downloadable types (/api/types/<key>@<version>.d.ts), in the same transaction.
  await storeFormArtifacts(trx, published);
  if (published.kind === 'form') await enqueueDefinitionPublished(trx, key, definitionPublishedPayload(published, who.username));
  return published;
}

export async function retire(trx: Kysely<Database>, actor: Actor | null, key: string, cache: DefinitionCache): Promise<DefinitionRow> {
  const who = requireActor(actor);
  if (!editsAnyKind(who)) throw new Problem('FORBIDDEN');
  const latest = await findLatest(trx, key, 'published');
  if (!latest) throw new Problem('NOT_FOUND');
  if (!can(who, editAction(latest.kind))) throw new Problem('FORBIDDEN');
  await setStatus(trx, key, latest.version, 'retired');
  cache.forget(key);
  // Other instances drop their cached row when this commits (definition-cache.ts).
  await notifyDefinitionChanged(trx, DEFINITION_CHANNEL, key);
  await recordAudit(trx, { actorId: who.id, actorName: who.username, action: 'definition.retire', entity: 'definition', entityId: `${key}@${latest.version}`, ip: who.ip });
  return (await findDefinition(trx, key, latest.version))!;
}

export async function definitionDiff(db: Kysely<Database>, actor: Actor | null, key: string, from: number, to: number): Promise<unknown> {
  requireActor(actor, 'definition.read');
  const [a, b] = await Promise.all([getDefinition(db, actor, key, from), getDefinition(db, actor, key, to)]);
  if (!a || !b) throw new Problem('NOT_FOUND');
  if (a.kind !== 'form' || b.kind !== 'form') {
    // Indicators and help pages: report which top-level parts changed.
    const [sa, sb]: Array<Record<string, unknown>> = [{ ...a.schema }, { ...b.schema }];
    const keys = [...new Set([...Object.keys(sa!), ...Object.keys(sb!)])].sort();
    const changed = keys.filter((k) => JSON.stringify(sa![k]) !== JSON.stringify(sb![k])).map((k) => ({ path: k }));
    return { key, from, to, added: [], removed: [], changed };
  }
  return { key, from, to, ...diffDefinitions(a.schema, b.schema) };
}

/** Every version of each key, oldest first (a loader's batch); drafts only for editors, as in the lists. */
export async function versionsOfKeys(db: Kysely<Database>, actor: Actor | null, keys: readonly string[]): Promise<Map<string, DefinitionRow[]>> {
  const byKey = await listVersions(db, keys);
  return new Map([...byKey].map(([key, rows]) => [key, rows.filter((r) => r.status !== 'draft' || (actor !== null && can(actor, editAction(r.kind))))]));
}
