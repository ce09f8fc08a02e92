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
import { exportLayout, valueAt } from '../exports/columns';
import { placeNames } from '../exports/place-names.repository';
import { localize } from '../../form-engine/index';
import { inMode } from '../submissions/submission-filter';
import { compileFilter, type FilterContext } from './odata-filter';
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

function pageQuery(who: Actor, form: FeedForm, set: ODataEntitySet, options: FeedOptions, limit: number): PageQuery {
  // The condition is built (and a bad $filter refused) when the first query is made, before it runs.
  const text = options.filter;
  const condition = text ? (ctx: FilterContext) => compileFilter(text, set, ctx) : null;
  return { definitionKey: form.key, scope: scopeOf(who, 'submission.read'), filter: inMode({}, who), condition, after: options.after, skip: options.after ? 0 : options.skip, limit };
}

function recordEntity(row: RecordRow, properties: readonly ODataProperty[], places: Map<string, string>): Entity {
  const out: Entity = {};
  for (const p of properties) {
    const s = p.source;
    if (s.kind === 'column') out[p.name] = asEdm(row[s.column], p.type);
    else if (s.kind === 'answer') out[p.name] = asEdm(valueAt(row.data, s.path.join('.')), p.type, s.multi);
    else if (s.kind === 'place-name') {
      const code = valueAt(row.data, s.path.join('.'));
      out[p.name] = typeof code === 'string' ? (places.get(code) ?? null) : null;
    }
  }
  return out;
}

function itemEntity(row: ItemRow, properties: readonly ODataProperty[], places: Map<string, string>): Entity {
  const out: Entity = {};
  for (const p of properties) {
    const s = p.source;
    if (s.kind === 'item-id') out[p.name] = `${row.id}/${row.ord}`;
    else if (s.kind === 'parent-id') out[p.name] = row.id;
    else if (s.kind === 'item-index') out[p.name] = Number(row.ord);
    else if (s.kind === 'answer') out[p.name] = asEdm(valueAt(row.item, s.path.join('.')), p.type, s.multi);
    else if (s.kind === 'place-name') {
      const code = valueAt(row.item, s.path.join('.'));
      out[p.name] = typeof code === 'string' ? (places.get(code) ?? null) : null;
    }
  }
  return out;
}

/** Place codes of a page, for the names beside them. */
function codesIn(rows: readonly unknown[], properties: readonly ODataProperty[]): string[] {
  const paths = properties.flatMap((p) => (p.source.kind === 'place-name' ? [p.source.path.join('.')] : []));
  if (paths.length === 0) return [];
  return rows.flatMap((data) => paths.map((path) => valueAt(data, path)).filter((c): c is string => typeof c === 'string'));
}

/** One page of an entity set: `{ @odata.context, @odata.count?, value, @odata.nextLink? }`. */
export async function feedPage(db: Kysely<Database>, actor: Actor | null, form: FeedForm, request: FeedRequest): Promise<Record<string, unknown>> {
  const who = requireActor(actor, 'submission.read');
  const { set } = request;
  const options = parseOptions(request.query, set, request.pageSize);
  const limit = Math.min(options.pageSize, options.top ?? Number.MAX_SAFE_INTEGER);
  const query = pageQuery(who, form, set, options, limit);
  const properties = options.select ? set.properties.filter((p) => options.select!.includes(p.name) || p.name === '__id') : set.properties;
  const selected = options.select ? set.properties.filter((p) => options.select!.includes(p.name)) : properties;
  const repeat = set.repeatPath;
  const rows = limit === 0 ? [] : repeat ? await itemPage(db, query, repeat) : await recordPage(db, query);
  const places = await placeNames(db, request.locale, codesIn(rows.map((r) => ('item' in r ? r.item : r.data)), selected));
  const value = repeat ? (rows as ItemRow[]).map((r) => itemEntity(r, selected, places)) : (rows as RecordRow[]).map((r) => recordEntity(r, selected, places));
  const select = options.select ? `(${options.select.join(',')})` : '';
  const body: Record<string, unknown> = { '@odata.context': `${request.serviceRoot}$metadata#${set.name}${select}` };
  if (options.count) body['@odata.count'] = repeat ? await countItems(db, { ...query, after: null, skip: 0 }, repeat) : await countRecords(db, { ...query, after: null, skip: 0 });
  body.value = value;
  const remaining = options.top === null ? null : options.top - rows.length;
  if (rows.length === limit && limit > 0 && remaining !== 0) {
    const last = rows[rows.length - 1]!;
    const next = new URLSearchParams(request.rawQuery);
    for (const key of [...next.keys()]) if (['$skip', '$skiptoken', '$top', '$count'].includes(key.toLowerCase())) next.delete(key);
    next.set('$skiptoken', skipToken(last.seq, 'ord' in last ? last.ord : undefined));
    if (remaining !== null) next.set('$top', String(remaining));
    body['@odata.nextLink'] = `${request.serviceRoot}${set.name}?${next.toString().replace(/%24/g, '$')}`;
  }
  return body;
}

/** `<set>/$count`: the number of rows the set (and its `$filter`) holds for this reader. */
export async function feedCount(db: Kysely<Database>, actor: Actor | null, form: FeedForm, set: ODataEntitySet, query: Record<string, unknown>): Promise<number> {
  const who = requireActor(actor, 'submission.read');
  const options = parseOptions(query, set, 1);
  const page = pageQuery(who, form, set, { ...options, after: null, skip: 0 }, 1);
  return set.repeatPath ? countItems(db, page, set.repeatPath) : countRecords(db, page);
}
