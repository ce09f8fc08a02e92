// Keeps every language of a LocalizedText in a Form.io `properties` string map ("label:km"),
// since a Form.io component only shows one language; reading back honours builder edits.
import type { LocalizedText } from '../model/types';
import type { StringMap } from './types';

export function writeLocalized(prefix: string, text: LocalizedText | undefined): StringMap {
  if (!text) return {};
  return Object.fromEntries(Object.entries(text).map(([lang, value]) => [`${prefix}:${lang}`, value]));
}

/**
 * Reads `prefix:<lang>` entries; `shown` is the text the builder displayed in `locale`, which wins
 * over the stored value when it differs (the user edited it).
 */
export function readLocalized(
  properties: StringMap,
  prefix: string,
  shown: string | undefined,
  locale: string,
): LocalizedText | undefined {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    const lang = key.slice(prefix.length + 1);
    if (key.startsWith(`${prefix}:`) && !lang.includes(':')) text[lang] = value;
  }
  const fallback = text[locale] ?? text.en ?? text.km;
  if (shown && shown !== fallback) text[locale] = shown;
  if (shown && text.en === undefined) text.en = shown;
  if (shown && text.km === undefined) text.km = shown;
  return Object.keys(text).length ? (text as LocalizedText) : undefined;
}

