// OData v4 feeds of a form (issue 14.5), as ODK Central offers them, for Power BI and Excel: the
// service document, `$metadata`, and pages of records or repeat items in the reader's area (an API
// token's too: its owner's live grants, narrowed by the token), with server-driven paging
// (`@odata.nextLink` with a keyset `$skiptoken`), `$top`, `$skip`, `$select`, `$filter` and `$count`.
// Every page is one bounded query, so memory stays flat whatever the form's size.
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import { requireActor } from '../auth/permissions';
import { scopeOf } from '../auth/scope';
import { Problem } from '../core/problems';
import type { Database, FormDefinitionRow } from '../db/schema';
import { listVersions } from '../definitions/definitions.repository';
import { exportLayout, mediaLink, readPath } from '../exports/columns';
import { mediaBaseOf } from '../media/media-links';
import { placeNames } from '../exports/place-names.repository';
import { localize } from '../../form-engine/index';
import { inMode } from '../submissions/submission-filter';
import { compileFilter } from './odata-filter';
import { metadataXml, serviceDocument } from './odata-metadata';
import { asEdm, odataModel, type ODataEntitySet, type ODataModel, type ODataProperty } from './odata-model';
import { parseOptions, skipToken, type FeedOptions } from './odata-options';
import { countItems, countRecords, itemPage, recordPage, type ItemRow, type PageQuery, type RecordRow } from './odata.repository';

export interface FeedForm {
  key: string;
  title: string;
  model: ODataModel;
}

/** The form's model from its published (and retired) versions; NOT_FOUND for drafts only or no form. */
export async function feedForm(db: Kysely<Database>, actor: Actor | null, key: string, locale: 'km' | 'en'): Promise<FeedForm> {
  requireActor(actor, 'submission.read');
  const versions = (await listVersions(db, [key])).get(key) ?? [];
  const usable = versions.filter((v): v is FormDefinitionRow => v.status !== 'draft' && v.kind === 'form').reverse();
  if (usable.length === 0) throw new Problem('NOT_FOUND');
  const schemas = usable.map((v) => v.schema);
  const model = odataModel(key, exportLayout(schemas, 'km'), exportLayout(schemas, 'en'));
  const newest = usable[0]!.schema as { title?: { km: string; en: string } };
  return { key, title: newest.title ? localize(newest.title, locale) : key, model };
}

export function feedMetadata(form: FeedForm): string {
  return metadataXml(form.model, form.title);
}

export function feedServiceDocument(form: FeedForm, serviceRoot: string): Record<string, unknown> {
  return serviceDocument(form.model, serviceRoot);
}

export function entitySet(form: FeedForm, name: string): ODataEntitySet {
  const set = form.model.sets.find((s) => s.name === name);
  if (!set) throw new Problem('NOT_FOUND');
  return set;
}

export interface FeedRequest {
  set: ODataEntitySet;
  query: Record<string, unknown>;
  pageSize: number;
  locale: 'km' | 'en';
  /** The service root URL (ends with `/`): contexts and next links are absolute, as Power BI wants. */
  serviceRoot: string;
  /** The request's own query string, for the next link. */
  rawQuery: URLSearchParams;
}

type Entity = Record<string, string | number | boolean | null>;

async function pageQuery(who: Actor, form: FeedForm, set: ODataEntitySet, options: FeedOptions, limit: number): Promise<PageQuery> {
  // A bad $filter is refused here, before any query runs.
  const condition = options.filter ? await compileFilter(options.filter, set) : null;
  return { definitionKey: form.key, scope: scopeOf(who, 'submission.read'), filter: inMode({}, who), condition, after: options.after, skip: options.after ? 0 : options.skip, limit };
}

/** Reads a path of answers, split once per page. */
const reader = (path: readonly string[]) => (data: unknown): unknown => readPath(data, path);

type RowOf<R> = (row: R, places: Map<string, string>) => Entity;

/** The function that makes an entity of a row, built once per page from the selected properties. */
function entityMaker<R extends RecordRow | ItemRow>(properties: readonly ODataProperty[], mediaBase: string): RowOf<R> {
  const cells = properties.map((p): [string, (row: R, places: Map<string, string>) => string | number | boolean | null] => {
    const s = p.source;
    const answers = (row: R): unknown => ('item' in row ? row.item : row.data);
    switch (s.kind) {
      case 'column':
        return [p.name, (row) => asEdm((row as RecordRow)[s.column], p.type)];
      case 'answer': {
        const read = reader(s.path);
        if (s.media) return [p.name, (row) => asEdm(mediaLink(read(answers(row)), mediaBase), p.type)];
        return [p.name, (row) => asEdm(read(answers(row)), p.type, s.multi)];
      }
      case 'place-name': {
        const read = reader(s.path);
        return [p.name, (row, places) => {
          const code = read(answers(row));
          return typeof code === 'string' ? (places.get(code) ?? null) : null;
        }];
      }
      case 'item-id':
        return [p.name, (row) => `${row.id}/${(row as ItemRow).ord}`];
      case 'parent-id':
        return [p.name, (row) => row.id];
      case 'item-index':
        return [p.name, (row) => Number((row as ItemRow).ord)];
      default:
        return [p.name, () => null];
    }
  });
  return (row, places) => {
    const out: Entity = {};
    for (const [name, cell] of cells) out[name] = cell(row, places);
    return out;
  };
}

/** Place codes of a page, for the names beside them. */
function codesIn(rows: readonly unknown[], properties: readonly ODataProperty[]): string[] {
  const readers = properties.flatMap((p) => (p.source.kind === 'place-name' ? [reader(p.source.path)] : []));
  if (readers.length === 0) return [];
  return rows.flatMap((data) => readers.map((read) => read(data)).filter((c): c is string => typeof c === 'string'));
}

/** Rows are written out in batches of this many (their place names looked up per batch). */
const WRITE_BATCH = 500;

async function* batches<R>(rows: AsyncIterable<R>, size: number): AsyncGenerator<R[]> {
  let batch: R[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * One page of an entity set as JSON text in chunks: `{"@odata.context", "@odata.count"?, "value": […],
 * "@odata.nextLink"?}` (OData's streaming format puts the next link after the rows). Everything that
 * can be refused (options, `$filter`, the count) is settled before the first chunk, so an error is a
 * proper error response; rows then stream from a cursor, so a page never sits in memory whole.
 */
export async function feedPage(db: Kysely<Database>, actor: Actor | null, form: FeedForm, request: FeedRequest): Promise<AsyncGenerator<string>> {
  const who = requireActor(actor, 'submission.read');
  const { set } = request;
  const options = parseOptions(request.query, set, request.pageSize);
  const limit = Math.min(options.pageSize, options.top ?? Number.MAX_SAFE_INTEGER);
  const query = await pageQuery(who, form, set, options, limit);
  const selected = options.select ? set.properties.filter((p) => options.select!.includes(p.name)) : set.properties;
  const repeat = set.repeatPath;
  const rows = repeat ? itemPage(db, query, repeat) : recordPage(db, query);
  const select = options.select ? `(${options.select.join(',')})` : '';
  let head = `{"@odata.context":${JSON.stringify(`${request.serviceRoot}$metadata#${set.name}${select}`)}`;
  if (options.count) head += `,"@odata.count":${repeat ? await countItems(db, { ...query, after: null, skip: 0 }, repeat) : await countRecords(db, { ...query, after: null, skip: 0 })}`;
  const make = entityMaker<RecordRow | ItemRow>(selected, mediaBaseOf(new URL(request.serviceRoot).origin));
  return (async function* () {
    yield `${head},"value":[`;
    let sent = 0;
    let last: RecordRow | ItemRow | null = null;
    if (limit > 0) {
      for await (const batch of batches<RecordRow | ItemRow>(rows, WRITE_BATCH)) {
        const places = await placeNames(db, request.locale, codesIn(batch.map((r) => ('item' in r ? r.item : r.data)), selected));
        yield `${sent > 0 ? ',' : ''}${batch.map((r) => JSON.stringify(make(r, places))).join(',')}`;
        sent += batch.length;
        last = batch[batch.length - 1]!;
      }
    } else await rows.return?.();
    const remaining = options.top === null ? null : options.top - sent;
    let tail = ']';
    if (last && sent === limit && remaining !== 0) {
      const next = new URLSearchParams(request.rawQuery);
      for (const key of [...next.keys()]) if (['$skip', '$skiptoken', '$top', '$count'].includes(key.toLowerCase())) next.delete(key);
      next.set('$skiptoken', skipToken(last.seq, 'ord' in last ? last.ord : undefined));
      if (remaining !== null) next.set('$top', String(remaining));
      tail += `,"@odata.nextLink":${JSON.stringify(`${request.serviceRoot}${set.name}?${next.toString().replace(/%24/g, '$')}`)}`;
    }
    yield `${tail}}`;
  })();
}

/** `<set>/$count`: the number of rows the set (and its `$filter`) holds for this reader. */
export async function feedCount(db: Kysely<Database>, actor: Actor | null, form: FeedForm, set: ODataEntitySet, query: Record<string, unknown>): Promise<number> {
  const who = requireActor(actor, 'submission.read');
  const options = parseOptions(query, set, 1);
  const page = await pageQuery(who, form, set, { ...options, after: null, skip: 0 }, 1);
  return set.repeatPath ? countItems(db, page, set.repeatPath) : countRecords(db, page);
}
