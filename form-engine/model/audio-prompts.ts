// Why: ISAF participants often cannot read, so a field's label can carry recorded clips (issue 15.5),
// one per language: Khmer, English and the five indigenous languages the ISAF scorecard app speaks.
// A clip is named by the SHA-256 of its bytes (the server keeps it; GET /audio-prompts/<sha256>), so
// a definition holds no markup, no URL and nothing executable, and the phone caches it for good.
import type { LocalizedText } from './types';

export interface AudioLanguage {
  code: string;
  name: LocalizedText;
}

/** The languages a clip may be in (ISO 639-3 for the indigenous ones), in the order pickers list them. */
export const AUDIO_LANGUAGES: readonly AudioLanguage[] = [
  { code: 'km', name: { km: 'ខ្មែរ', en: 'Khmer' } },
  { code: 'cmo', name: { km: 'ព្នង', en: 'Bunong' } },
  { code: 'tpu', name: { km: 'ទំពួន', en: 'Tampuan' } },
  { code: 'krr', name: { km: 'គ្រឹង', en: 'Kreung' } },
  { code: 'krv', name: { km: 'កាវ៉ែត', en: 'Kavet' } },
  { code: 'jra', name: { km: 'ចារ៉ាយ', en: 'Jarai' } },
  { code: 'en', name: { km: 'អង់គ្លេស', en: 'English' } },
];

export const AUDIO_LANGUAGE_CODES: readonly string[] = AUDIO_LANGUAGES.map((l) => l.code);

/** A clip's name: the lower-case hex SHA-256 of its bytes. */
export const AUDIO_PROMPT_ID = /^[0-9a-f]{64}$/;

/** Every clip a definition names (labels' `x-audio`, options' `x-enum-audio`), with the schema path of each (`properties.q.x-audio.cmo`). */
export function audioPromptsOf(definition: unknown): Array<{ path: string; sha256: string }> {
  const found: Array<{ path: string; sha256: string }> = [];
  const visit = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${path}.${i}`));
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = path ? `${path}.${key}` : key;
      if (key === 'x-audio' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [lang, sha256] of Object.entries(value)) if (typeof sha256 === 'string') found.push({ path: `${at}.${lang}`, sha256 });
      } else if (key === 'x-enum-audio' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [option, clips] of Object.entries(value)) {
          if (clips && typeof clips === 'object') for (const [lang, sha256] of Object.entries(clips)) if (typeof sha256 === 'string') found.push({ path: `${at}.${option}.${lang}`, sha256 });
        }
      } else visit(value, at);
    }
  };
  visit(definition, '');
  return found;
}
