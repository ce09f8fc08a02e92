// Help centre rules: published help is for everyone (it is shown on the sign-in page too and works
// offline once visited); drafts and earlier versions only for those who may edit help. Pages are
// rendered from Markdown here (help-markdown.ts) and remembered per key@version, which never changes
// once published (so the memo is not state any instance must share). Images are stored once per content.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TourStep } from '../../form-engine/help/types';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { recordAudit } from '../audit/audit.repository';
import type { Database, DefinitionStatus } from '../db/schema';
import { Problem } from '../core/problems';
import { helpLinkProblems, renderHelpMarkdown, type HelpHeading, type HelpLang, type LinkProblem } from './help-markdown';
import { HELP_LIMITS } from '../../form-engine/help/meta-schema';
import { findHelp, findHelpForRoute, findHelpImage, insertHelpImage, listPublishedHelp, listPublishedHelpOf, searchHelp, type HelpImageRow, type HelpRow } from './help.repository';
import { HELP_IMAGE_MAX_BYTES, sniffImage } from './image-type';

export interface HelpSummary {
  key: string;
  version: number;
  type: 'page' | 'course';
  title: { km: string; en: string };
  summary: { km: string; en: string } | null;
  audience: string[];
  topic: string | null;
  routes: string[];
  hasTour: boolean;
  publishedAt: string | null;
}

export interface RenderedBody {
  html: string;
  headings: HelpHeading[];
}

export interface HelpPageView extends HelpSummary {
  status: DefinitionStatus;
  body: Record<HelpLang, RenderedBody>;
  /** Steps without a target say so with null (a step in the middle of the screen). */
  tour: { route: string; steps: Array<Omit<TourStep, 'target'> & { target: string | null }> } | null;
  /** Courses: their pages in order (missing or unpublished ones are left out). */
  modules: HelpSummary[];
}

export interface HelpHit extends HelpSummary {
  /** Up to ~160 characters of the page's text around the first match, in the language asked. */
  excerpt: string;
}

export const HELP_SEARCH = { maxLength: 100, results: 30 } as const;

function summaryOf(row: HelpRow): HelpSummary {
  const page = row.schema;
  return {
    key: row.key,
    version: row.version,
    type: page['x-type'] ?? 'page',
    title: { km: page['x-title'].km, en: page['x-title'].en },
    summary: page['x-summary'] ? { km: page['x-summary'].km, en: page['x-summary'].en } : null,
    audience: page.audience ?? [],
    topic: page.topic ?? null,
    routes: page.routes ?? [],
    hasTour: !!page.tour,
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

const MEMO_LIMIT = 200;
const memo = new Map<string, Record<HelpLang, ReturnType<typeof renderHelpMarkdown>>>();

/** Both languages of a page, rendered; published versions are remembered (they are immutable). */
function rendered(row: HelpRow): Record<HelpLang, ReturnType<typeof renderHelpMarkdown>> {
  const id = `${row.key}@${row.version}`;
  const hit = row.status !== 'draft' ? memo.get(id) : undefined;
  if (hit) return hit;
  const page = row.schema;
  const out = { km: renderHelpMarkdown(page.body.km, 'km'), en: renderHelpMarkdown(page.body.en, 'en') };
  if (row.status !== 'draft') {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(id, out);
  }
  return out;
}

export async function listHelp(db: Kysely<Database>): Promise<HelpSummary[]> {
  return (await listPublishedHelp(db)).map(summaryOf);
}

/** A page to read: the published one, or (for help editors) a given version, drafts included. */
export async function getHelpPage(db: Kysely<Database>, actor: Actor | null, key: string, version?: number): Promise<HelpPageView | null> {
  if (version !== undefined) requireActor(actor, 'help.edit');
  const row = await findHelp(db, key, version);
  if (!row) return null;
  const page = row.schema;
  const body = rendered(row);
  // A course's pages in its order, in one query; missing or unpublished ones are left out.
  const published = new Map((await listPublishedHelpOf(db, page.modules ?? [])).map((m) => [m.key, m]));
  const modules = (page.modules ?? []).flatMap((k) => (published.has(k) ? [summaryOf(published.get(k)!)] : []));
  return {
    ...summaryOf(row),
    status: row.status,
    body: { km: { html: body.km.html, headings: body.km.headings }, en: { html: body.en.html, headings: body.en.headings } },
    tour: page.tour ? { route: page.tour.route, steps: page.tour.steps.map((step) => ({ ...step, target: step.target ?? null })) } : null,
    modules,
  };
}

/** The pages a product page's "?" opens, most specific first (a page naming only this route first). */
export async function helpForRoute(db: Kysely<Database>, route: string): Promise<HelpSummary[]> {
  if (route.length > 200) return [];
  const rows = await findHelpForRoute(db, route);
  return rows.map(summaryOf).sort((a, b) => a.routes.length - b.routes.length || a.key.localeCompare(b.key));
}

/** Text as search compares it: lower case, without zero-width spaces (as the SQL in searchHelp). */
function fold(text: string): string {
  return text.toLowerCase().replace(/\u200b/g, '');
}

/** About 160 characters around the first match, or null when the text does not contain it. */
function excerpt(text: string, needle: string): string | null {
  const plain = text.replace(/\u200b/g, '');
  const at = fold(plain).indexOf(fold(needle));
  if (at < 0) return null;
  const start = Math.max(0, at - 60);
  const end = at + needle.length + 100;
  return `${start > 0 ? '…' : ''}${plain.slice(start, end)}${end < plain.length ? '…' : ''}`;
}

export async function searchHelpPages(db: Kysely<Database>, query: string, lang: HelpLang): Promise<HelpHit[]> {
  const q = query.trim();
  if (q.length === 0) return [];
  if (q.length > HELP_SEARCH.maxLength) {
    throw new Problem('BAD_INPUT', { errors: [{ path: 'q', keyword: 'maxLength', message: { en: `Search for at most ${HELP_SEARCH.maxLength} characters`, km: `ស្វែងរកយ៉ាងច្រើន ${HELP_SEARCH.maxLength} តួអក្សរ` } }] });
  }
  const rows = await searchHelp(db, q, HELP_SEARCH.results);
  return rows.map((row) => {
    const texts = rendered(row);
    // The match may be in the title or the other language only: then the page's opening words.
    const found = excerpt(texts[lang].text, q) ?? excerpt(texts[lang === 'km' ? 'en' : 'km'].text, q) ?? texts[lang].text.slice(0, 160);
    return { ...summaryOf(row), excerpt: found };
  });
}

export interface StoredImage {
  sha256: string;
  /** What to write in Markdown: `![alt](image:<sha256>)`. */
  ref: string;
  size: number;
  mime: string;
}

export async function storeHelpImage(trx: Kysely<Database>, actor: Actor | null, bytes: Uint8Array): Promise<StoredImage> {
  return storeImage(trx, requireActor(actor, 'help.edit'), bytes, { maxBytes: HELP_IMAGE_MAX_BYTES, action: 'help.image_upload' });
}

/**
 * Stores an image once per content (help pages' pictures, report logos), its type read from its
 * bytes; the caller has decided who may. Served publicly from /help-images/<sha256>.
 */
export async function storeImage(trx: Kysely<Database>, who: Actor, bytes: Uint8Array, options: { maxBytes: number; action: string }): Promise<StoredImage> {
  if (bytes.length > options.maxBytes) throw new Problem('PAYLOAD_TOO_LARGE');
  const mime = sniffImage(bytes);
  if (!mime) {
    throw new Problem('UNSUPPORTED_MEDIA_TYPE', {
      message: { en: 'Send a PNG, JPEG, WebP or GIF image.', km: 'សូមផ្ញើរូបភាព PNG, JPEG, WebP ឬ GIF។' },
      errors: [{ path: 'file', keyword: 'type', message: { en: 'Not a PNG, JPEG, WebP or GIF image', km: 'មិនមែនជារូបភាព PNG, JPEG, WebP ឬ GIF ទេ' } }],
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const created = await insertHelpImage(trx, { sha256, mime, bytes, size: bytes.length, createdBy: who.id });
  if (created) await recordAudit(trx, { actorId: who.id, actorName: who.username, action: options.action, entity: 'help_image', entityId: sha256, after: { mime, size: bytes.length }, ip: who.ip });
  return { sha256, ref: `image:${sha256}`, size: bytes.length, mime };
}

/** Images are public like published help (their address is the hash of their content). */
export async function readHelpImage(db: Kysely<Database>, sha256: string): Promise<HelpImageRow | null> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  return (await findHelpImage(db, sha256)) ?? null;
}


/** The editor's preview: the same rendering as a published page, and the links it would drop. */
export function previewHelp(actor: Actor | null, markdown: string, lang: HelpLang): { html: string; problems: LinkProblem[] } {
  requireActor(actor, 'help.edit');
  if (markdown.length > HELP_LIMITS.bodyLength) {
    throw new Problem('BAD_INPUT', { errors: [{ path: 'markdown', keyword: 'maxLength', message: { en: `At most ${HELP_LIMITS.bodyLength} characters`, km: `យ៉ាងច្រើន ${HELP_LIMITS.bodyLength} តួអក្សរ` } }] });
  }
  return { html: renderHelpMarkdown(markdown, lang).html, problems: helpLinkProblems(markdown) };
}
