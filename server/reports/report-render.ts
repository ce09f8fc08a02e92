// Renders a report template (report-template.ts) to HTML. Its own handlebars environment holds only
// the report helpers; templates compile with knownHelpersOnly (no helper can be looked up at run
// time) and escaped output; then the HTML is passed through an allowlist (sanitize-html), so even a
// template the save-time check let through cannot add script, handlers, forms or outside URLs.
import Handlebars from 'handlebars';
import sanitizeHtml from 'sanitize-html';
import { dateLabel, formatNumber, localDigits, monthLabel, type ReportLang } from './report-format';
import { REPORT_HELPERS } from './report-template';

const env = Handlebars.create();
for (const name of ['log', 'lookup', 'helperMissing', 'blockHelperMissing']) env.unregisterHelper(name);

type Options = { data?: { root?: { lang?: ReportLang; narrativeHtml?: string } }; hash?: Record<string, unknown> };
const langOf = (options: Options): ReportLang => (options.data?.root?.lang === 'en' ? 'en' : 'km');
/** Handlebars passes its options object last; a helper called with fewer arguments sees it earlier. */
const isOptions = (value: unknown): value is Options => typeof value === 'object' && value !== null && 'hash' in value && 'data' in value;

const helpers: Record<(typeof REPORT_HELPERS)[number], (...args: unknown[]) => unknown> = {
  /** {{number value}} / {{number value 0}}: the locale's digits and grouping, a dash for none. */
  number: (...args) => {
    const options = args.pop() as Options;
    const [value, decimals] = args;
    return formatNumber(typeof value === 'number' ? value : value == null || value === '' ? null : Number(value), langOf(options), typeof decimals === 'number' ? decimals : 1);
  },
  /** {{digits text}}: Khmer digits in Khmer mode (codes, years, dates written as text). */
  digits: (...args) => {
    const options = args.pop() as Options;
    return localDigits(String(args[0] ?? ''), langOf(options));
  },
  /** {{month "2026-03"}}: ខែមីនា ឆ្នាំ២០២៦ / March 2026. */
  month: (...args) => {
    const options = args.pop() as Options;
    return monthLabel(String(args[0] ?? ''), langOf(options));
  },
  /** {{date generatedAt}}: a day in words. */
  date: (...args) => {
    const options = args.pop() as Options;
    return dateLabel(String(args[0] ?? ''), langOf(options));
  },
  /** {{narrative}}: the officers' narrative, already rendered by the help pages' sanitizing renderer. */
  narrative: (...args) => {
    const options = args.pop();
    return new env.SafeString(isOptions(options) ? (options.data?.root?.narrativeHtml ?? '') : '');
  },
  /** {{#if (eq statusClass "met")}}: equality of two values. */
  eq: (...args) => {
    args.pop();
    return args[0] === args[1];
  },
};
for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn);

const KNOWN = Object.fromEntries(REPORT_HELPERS.map((h) => [h, true]));
const MEMO_LIMIT = 50;
const memo = new Map<string, HandlebarsTemplateDelegate>();

function compiled(template: string): HandlebarsTemplateDelegate {
  const hit = memo.get(template);
  if (hit) return hit;
  const fn = env.compile(template, { knownHelpers: KNOWN, knownHelpersOnly: true, strict: false, noEscape: false, preventIndent: true });
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(template, fn);
  return fn;
}

const LOCAL_SRC = /^\/(help-images\/[0-9a-f]{64}|reports\/assets\/[a-z0-9.-]+)$/;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['header', 'footer', 'section', 'article', 'nav', 'div', 'span', 'p', 'h1', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'u', 'small', 'br', 'hr', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'img', 'a', 'blockquote', 'figure', 'figcaption', 'code', 'pre', 'sup', 'sub'],
  allowedAttributes: { '*': ['class', 'id', 'lang', 'style', 'data-*'], td: ['colspan', 'rowspan', 'class', 'style', 'data-*'], th: ['colspan', 'rowspan', 'class', 'style', 'scope', 'data-*'], img: ['src', 'alt', 'width', 'height', 'class'], a: ['href', 'class'] },
  allowedStyles: { '*': { width: [/^\d{1,3}(\.\d+)?%$/], 'text-align': [/^(left|right|center)$/] } },
  // Images from SA Studio only (uploaded logos and the shipped ones); links to this page's headings.
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  exclusiveFilter: (frame) => (frame.tag === 'img' && !LOCAL_SRC.test(frame.attribs.src ?? '')) || (frame.tag === 'a' && !/^#[A-Za-z0-9_-]{1,80}$/.test(frame.attribs.href ?? '')),
};

/** The template filled with the report's data, as safe HTML (a fragment for the report's page). */
export function renderReport(template: string, data: Record<string, unknown>): string {
  return sanitizeHtml(compiled(template)(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }), SANITIZE);
}
