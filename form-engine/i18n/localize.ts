// Picks one language out of a LocalizedText, falling back to English, then Khmer.
import type { LocalizedText } from '../model/types';

export function localize(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  return text[locale] ?? text.en ?? text.km ?? '';
}
