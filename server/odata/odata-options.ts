// The system query options a feed request may carry, checked before any query runs: $top, $skip,
// $select, $filter, $count, $skiptoken and $format=json (what Power BI, Excel and ODK Central's clients
// send). $expand, $orderby, $search, $apply and $compute are refused with ODATA_NOT_IMPLEMENTED (a
// feed in seq order is what paging needs); any other `$` option is ODATA_BAD_OPTION. Options without
// `$` are custom options, which OData lets a service ignore.
import { Problem } from '../core/problems';
import type { ODataEntitySet } from './odata-model';

/** Rows per page unless the client asks for fewer (`Prefer: odata.maxpagesize`). */
export const PAGE_SIZE = 5000;

export interface FeedOptions {
  top: number | null;
  skip: number;
  select: string[] | null;
  filter: string | null;
  count: boolean;
  after: { seq: string; ord: number } | null;
  pageSize: number;
}

const NOT_OFFERED = new Set(['$expand', '$orderby', '$search', '$apply', '$compute', '$levels', '$index', '$schemaversion']);
const KNOWN = new Set(['$top', '$skip', '$select', '$filter', '$count', '$skiptoken', '$format']);

function badOption(option: string, en: string, km: string): Problem {
  return new Problem('ODATA_BAD_OPTION', { message: { en, km }, errors: [{ path: option, keyword: 'format', message: { en, km } }] });
}

function count(option: string, text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw badOption(option, `${option} must be a whole number from 0.`, `${option} ត្រូវតែជាចំនួនគត់ចាប់ពី ០។`);
  return Number(text);
}

/** `$skiptoken` as it leaves in a next link: the last row's seq, and its item number in repeat sets. */
export function skipToken(seq: string, ord?: number | string): string {
  return ord === undefined ? seq : `${seq}.${ord}`;
}

function parseSkipToken(text: string): { seq: string; ord: number } {
  const match = /^(\d{1,19})(?:\.(\d{1,9}))?$/.exec(text);
  if (!match) throw badOption('$skiptoken', '$skiptoken is not one this feed gave.', '$skiptoken មិនមែនជាអ្វីដែលទិន្នន័យនេះបានផ្តល់ទេ។');
  return { seq: match[1]!, ord: Number(match[2] ?? 0) };
}

/** The page size a `Prefer` header asks for, within PAGE_SIZE. */
export function preferredPageSize(prefer: string | undefined): number {
  const match = /odata\.maxpagesize\s*=\s*(\d{1,9})/i.exec(prefer ?? '');
  const asked = match ? Number(match[1]) : PAGE_SIZE;
  return asked >= 1 ? Math.min(asked, PAGE_SIZE) : PAGE_SIZE;
}

export function parseOptions(query: Record<string, unknown>, set: ODataEntitySet, pageSize: number): FeedOptions {
  const options: FeedOptions = { top: null, skip: 0, select: null, filter: null, count: false, after: null, pageSize };
  for (const [name, raw] of Object.entries(query)) {
    if (!name.startsWith('$')) continue;
    const option = name.toLowerCase();
    if (NOT_OFFERED.has(option)) throw new Problem('ODATA_NOT_IMPLEMENTED', { message: { en: `${option} is not offered by this feed; filter with $filter and page with $top/$skip.`, km: `ទិន្នន័យនេះមិនផ្តល់ ${option} ទេ; សូមតម្រងដោយ $filter និងបើកទំព័រដោយ $top/$skip។` }, errors: [{ path: option, keyword: 'unsupported', message: { en: `${option} is not offered.`, km: `${option} មិនត្រូវបានផ្តល់ទេ។` } }] });
    if (!KNOWN.has(option)) throw badOption(option, `${option} is not an OData query option.`, `${option} មិនមែនជាជម្រើសសំណួរ OData ទេ។`);
    if (typeof raw !== 'string') throw badOption(option, `${option} is given twice.`, `${option} ត្រូវបានផ្តល់ពីរដង។`);
    switch (option) {
      case '$top':
        options.top = count(option, raw);
        break;
      case '$skip':
        options.skip = count(option, raw);
        break;
      case '$count':
        if (raw !== 'true' && raw !== 'false') throw badOption(option, '$count is true or false.', '$count គឺ true ឬ false។');
        options.count = raw === 'true';
        break;
      case '$skiptoken':
        options.after = parseSkipToken(raw);
        break;
      case '$format':
        if (!/^(json|application\/json)(;.*)?$/i.test(raw)) throw badOption(option, 'This feed answers in JSON only ($format=json).', 'ទិន្នន័យនេះឆ្លើយជា JSON តែប៉ុណ្ណោះ ($format=json)។');
        break;
      case '$filter':
        options.filter = raw.trim() || null;
        break;
      case '$select': {
        const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length === 0 || names.includes('*')) break;
        const unknown = names.find((n) => !set.properties.some((p) => p.name === n));
        if (unknown) throw badOption(option, `There is no property ${unknown.slice(0, 100)} in ${set.name}.`, `គ្មានលក្ខណៈសម្បត្តិ ${unknown.slice(0, 100)} ក្នុង ${set.name} ទេ។`);
        options.select = [...new Set(names)];
        break;
      }
      default:
    }
  }
  return options;
}
