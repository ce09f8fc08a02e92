// A field's `default` (the answer a new form starts with) must be an answer the field itself accepts:
// its JSON type, one of its choices, within its bounds and lengths, a real date; and it cannot sit on
// a calculated field (the calculation decides the value). Pattern fit is left to the fill page's own
// check: a default that misses the pattern is shown as an error the facilitator corrects.
import { isCalendarDate } from '../model/dates';
import type { Bilingual, FieldSchema } from '../model/types';


/** Why `field.default` does not fit the field, or null when it does (or there is none). */
export function defaultProblem(field: FieldSchema): Bilingual | null {
  const value = field.default;
  if (value === undefined) return null;
  if (field['x-calculate']) return { en: 'A calculated field cannot have a default answer', km: 'វាលដែលគណនាមិនអាចមានចម្លើយលំនាំដើមបានទេ' };
  const wrong = (en: string, km: string): Bilingual => ({ en: `The default answer ${en}`, km: `ចម្លើយលំនាំដើម${km}` });
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string') return wrong('must be text', 'ត្រូវតែជាអត្ថបទ');
      if (field.enum && !field.enum.includes(value)) return wrong('must be one of the choices', 'ត្រូវតែជាជម្រើសមួយ');
      if (field.format === 'date' && !isCalendarDate(value)) return wrong('must be a real date (YYYY-MM-DD)', 'ត្រូវតែជាកាលបរិច្ឆេទពិត (YYYY-MM-DD)');
      if (field.minLength !== undefined && [...value].length < field.minLength) return wrong(`must have at least ${field.minLength} characters`, `ត្រូវមានយ៉ាងហោចណាស់ ${field.minLength} តួអក្សរ`);
      if (field.maxLength !== undefined && [...value].length > field.maxLength) return wrong(`must have at most ${field.maxLength} characters`, `ត្រូវមានយ៉ាងច្រើន ${field.maxLength} តួអក្សរ`);
      return null;
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (field.type === 'integer' && !Number.isInteger(value))) return wrong(field.type === 'integer' ? 'must be a whole number' : 'must be a number', field.type === 'integer' ? 'ត្រូវតែជាចំនួនគត់' : 'ត្រូវតែជាលេខ');
      if (field.enum && !field.enum.includes(value)) return wrong('must be one of the choices', 'ត្រូវតែជាជម្រើសមួយ');
      if (field.minimum !== undefined && value < field.minimum) return wrong(`must be at least ${field.minimum}`, `ត្រូវតែយ៉ាងហោចណាស់ ${field.minimum}`);
      if (field.maximum !== undefined && value > field.maximum) return wrong(`must be at most ${field.maximum}`, `ត្រូវតែយ៉ាងច្រើន ${field.maximum}`);
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : wrong('must be yes or no (true or false)', 'ត្រូវតែជា បាទ/ចាស ឬ ទេ (true ឬ false)');
    case 'array': {
      const choices = field.items && 'enum' in field.items ? field.items.enum : null;
      if (!choices || !Array.isArray(value)) return wrong('must be a list of choices', 'ត្រូវតែជាបញ្ជីជម្រើស');
      if (value.some((v) => !choices.includes(v))) return wrong('must list only the choices', 'ត្រូវរាយតែជម្រើសប៉ុណ្ណោះ');
      if (new Set(value).size !== value.length) return wrong('must not repeat a choice', 'មិនត្រូវដាក់ជម្រើសដដែលៗទេ');
      if (field.minItems !== undefined && value.length < field.minItems) return wrong(`must pick at least ${field.minItems}`, `ត្រូវជ្រើសយ៉ាងហោចណាស់ ${field.minItems}`);
      if (field.maxItems !== undefined && value.length > field.maxItems) return wrong(`must pick at most ${field.maxItems}`, `ត្រូវជ្រើសយ៉ាងច្រើន ${field.maxItems}`);
      return null;
    }
    default:
      return wrong('is not offered for this kind of field', 'មិនមានសម្រាប់ប្រភេទវាលនេះទេ');
  }
}
