// Bilingual wording of every limit refusal (definitions and submitted data), so each check states
// the limit it applies in the same words. The limits themselves live in model/limits.ts.
import type { Bilingual } from '../model/types';
import type { Oversize } from './json-size';

export const LIMIT_MESSAGES = {
  depth: (n: number): Bilingual => ({ en: `Nested too deeply (at most ${n} levels)`, km: `ជាន់គ្នាជ្រៅពេក (យ៉ាងច្រើន ${n} កម្រិត)` }),
  nodes: (n: number): Bilingual => ({ en: `Too large (at most ${n} values in all)`, km: `ធំពេក (យ៉ាងច្រើន ${n} តម្លៃសរុប)` }),
  stringLength: (n: number): Bilingual => ({ en: `Text too long (at most ${n} characters)`, km: `អត្ថបទវែងពេក (យ៉ាងច្រើន ${n} តួអក្សរ)` }),
  fields: (n: number): Bilingual => ({ en: `Too many fields (at most ${n}, counting those in groups and repeats)`, km: `វាលច្រើនពេក (យ៉ាងច្រើន ${n} រាប់ទាំងវាលក្នុងក្រុម និង repeat)` }),
  fieldDepth: (n: number): Bilingual => ({ en: `Groups and repeats nested too deeply (at most ${n} levels)`, km: `ក្រុម និង repeat ជាន់គ្នាជ្រៅពេក (យ៉ាងច្រើន ${n} កម្រិត)` }),
  options: (n: number): Bilingual => ({ en: `Too many options (at most ${n})`, km: `ជម្រើសច្រើនពេក (យ៉ាងច្រើន ${n})` }),
  optionLength: (n: number): Bilingual => ({ en: `Option value too long (at most ${n} characters)`, km: `តម្លៃជម្រើសវែងពេក (យ៉ាងច្រើន ${n} តួអក្សរ)` }),
  optionAttributes: (n: number): Bilingual => ({ en: `Too many attributes on one option (at most ${n})`, km: `លក្ខណៈច្រើនពេកលើជម្រើសមួយ (យ៉ាងច្រើន ${n})` }),
  duplicateOption: (value: string): Bilingual => ({ en: `Option "${value}" is listed twice`, km: `ជម្រើស "${value}" មានពីរដង` }),
  patternLength: (n: number): Bilingual => ({ en: `Pattern too long (at most ${n} characters)`, km: `លំនាំ (pattern) វែងពេក (យ៉ាងច្រើន ${n} តួអក្សរ)` }),
  sections: (n: number): Bilingual => ({ en: `Too many sections (at most ${n})`, km: `ផ្នែកច្រើនពេក (យ៉ាងច្រើន ${n})` }),
  logicDepth: (n: number): Bilingual => ({ en: `Condition nested too deeply (at most ${n} operations inside one another)`, km: `លក្ខខណ្ឌជាន់គ្នាជ្រៅពេក (យ៉ាងច្រើន ${n} ប្រតិបត្តិការ)` }),
  logicNodes: (n: number): Bilingual => ({ en: `Condition too large (at most ${n} parts)`, km: `លក្ខខណ្ឌធំពេក (យ៉ាងច្រើន ${n} ផ្នែក)` }),
  constraints: (n: number): Bilingual => ({ en: `Too many rules on one field (at most ${n})`, km: `ច្បាប់ច្រើនពេកលើវាលមួយ (យ៉ាងច្រើន ${n})` }),
  repeatRows: (n: number): Bilingual => ({ en: `A repeat holds at most ${n} rows`, km: `repeat មួយមានយ៉ាងច្រើន ${n} ជួរ` }),
  reservedName: (name: string): Bilingual => ({ en: `"${name}" is a reserved name: choose another field name`, km: `"${name}" ជាឈ្មោះបម្រុងទុក៖ សូមជ្រើសឈ្មោះវាលផ្សេង` }),
} as const;

export function oversizeMessage(found: Oversize, caps: { depth: number; nodes: number; stringLength: number }): Bilingual {
  return LIMIT_MESSAGES[found.kind](caps[found.kind]);
}
