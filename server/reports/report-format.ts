// How the printable report writes numbers, months and dates: in Khmer mode with Khmer digits (០-៩)
// and Khmer month names, in English with Latin digits. One place, used by the report's registered
// template helpers and the page numbers' counter style, so a figure reads the same everywhere.
export type ReportLang = 'km' | 'en';

const KM_MONTHS = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'] as const;
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const KHMER_ZERO = 0x17e0;

/** Latin digits 0-9 written as Khmer digits (០-៩); other characters as they are. */
export function khmerDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(KHMER_ZERO + Number(d)));
}

/** Digits in the report's language: Khmer digits in km, unchanged in en. */
export function localDigits(text: string, lang: ReportLang): string {
  return lang === 'km' ? khmerDigits(text) : text;
}

/**
 * A number as the report prints it: CLDR's grouping for the language (km: 1.234,5 in Khmer digits;
 * en: 1,234.5), at most `decimals` decimals; missing values are a dash.
 */
export function formatNumber(value: number | null | undefined, lang: ReportLang, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const digits = Math.min(Math.max(Math.trunc(decimals), 0), 6);
  return new Intl.NumberFormat(lang === 'km' ? 'km-KH-u-nu-khmr' : 'en-US', { maximumFractionDigits: digits }).format(value);
}

/** "YYYY-MM" as "ខែមីនា ឆ្នាំ២០២៦" / "March 2026"; anything else unchanged. */
export function monthLabel(month: string, lang: ReportLang): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return month;
  const i = Number(m[2]) - 1;
  return lang === 'km' ? `ខែ${KM_MONTHS[i]} ឆ្នាំ${khmerDigits(m[1]!)}` : `${EN_MONTHS[i]} ${m[1]}`;
}

/** A day (Date or YYYY-MM-DD) as "ថ្ងៃទី២ ខែធ្នូ ឆ្នាំ២០២៦" / "2 December 2026" (UTC). */
export function dateLabel(value: Date | string, lang: ReportLang): string {
  const d = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  const day = d.getUTCDate();
  const month = d.getUTCMonth();
  const year = d.getUTCFullYear();
  return lang === 'km' ? `ថ្ងៃទី${khmerDigits(String(day))} ខែ${KM_MONTHS[month]} ឆ្នាំ${khmerDigits(String(year))}` : `${day} ${EN_MONTHS[month]} ${year}`;
}

/** Khmer digits back to Latin ones (tests and figures read from a PDF). */
export function latinDigits(text: string): string {
  return text.replace(/[\u17e0-\u17e9]/g, (d) => String(d.charCodeAt(0) - KHMER_ZERO));
}
