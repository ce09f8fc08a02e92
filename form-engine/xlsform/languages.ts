// XLSForm's translated columns (`label::Khmer (km)`, `label::English (en)`, `hint::km`, a bare
// `label`) read as one localized text per row: SA Studio needs Khmer and English, keeps any other
// language it is given (Bunong, Jarai, …), and says which language filled a missing one.
import type { LocalizedText } from '../model/types';
import type { XlsRow } from './types';

/** The languages XLSForm columns name in words (`label::Khmer (km)`), by code: the export writes these. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = { km: 'Khmer', en: 'English', fr: 'French', bdq: 'Bunong', jra: 'Jarai', tpu: 'Tampuen', krr: 'Kreung', krv: 'Kavet' };
const NAMED: Record<string, string> = Object.fromEntries(Object.entries(LANGUAGE_NAMES).map(([code, name]) => [name.toLowerCase(), code]));
const CODE = /^[a-z]{2,3}(-[a-z0-9]+)*$/;

/** The language code of a column suffix (`khmer (km)` → km, `english` → en, `km` → km), or null. */
export function languageOf(suffix: string): string | null {
  const inParens = /\(([a-z]{2,3}(?:-[a-z0-9]+)*)\)\s*$/.exec(suffix);
  if (inParens) return inParens[1]!;
  const word = suffix.trim();
  if (NAMED[word]) return NAMED[word]!;
  return CODE.test(word) ? word : null;
}

/** The texts of `base` (label, hint, constraint_message, …) in a row, by language; `''` = no language. */
export function textsOf(row: XlsRow, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, value] of Object.entries(row.cells)) {
    if (!value) continue;
    if (column === base) out[''] = value;
    else if (column.startsWith(`${base}:`)) {
      // `label::Khmer (km)`, and the older single-colon `label:english`
      const lang = languageOf(column.slice(base.length + (column.startsWith(`${base}::`) ? 2 : 1)));
      if (lang) out[lang] = value;
    }
  }
  return out;
}

export interface Localized {
  text: LocalizedText;
  /** Which of km/en had to be filled from another language. */
  filled: Array<'km' | 'en'>;
}

/** km and en from their own columns, else the untagged/default column, else the other language. */
export function localized(texts: Record<string, string>, defaultLanguage: string): Localized | undefined {
  const values = Object.values(texts);
  if (values.length === 0) return undefined;
  const fallback = texts[''] ?? texts[defaultLanguage] ?? values[0]!;
  const filled: Array<'km' | 'en'> = [];
  const pick = (lang: 'km' | 'en', other: 'km' | 'en'): string => {
    const own = texts[lang] ?? (defaultLanguage === lang ? texts[''] : undefined);
    if (own) return own;
    filled.push(lang);
    return texts[''] ?? texts[other] ?? fallback;
  };
  const text: LocalizedText = { km: pick('km', 'en'), en: pick('en', 'km') };
  for (const [lang, value] of Object.entries(texts)) if (lang && lang !== 'km' && lang !== 'en') text[lang] = value;
  return { text, filled };
}
