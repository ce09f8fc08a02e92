// Human messages, in English and Khmer, for every keyword the validator reports.
import type { Bilingual } from '../model/types';

type Params = { limit?: unknown; type?: unknown; format?: unknown };
type MessageFn = (p: Params) => Bilingual;

const TYPE_NAMES: Record<string, Bilingual> = {
  string: { en: 'text', km: 'អត្ថបទ' },
  number: { en: 'a number', km: 'លេខ' },
  integer: { en: 'a whole number', km: 'លេខគត់' },
  boolean: { en: 'yes or no', km: 'បាទ/ចាស ឬ ទេ' },
  object: { en: 'a group of answers', km: 'ក្រុមចម្លើយ' },
  array: { en: 'a list', km: 'បញ្ជី' },
};

const MESSAGES: Record<string, MessageFn> = {
  required: () => ({ en: 'This field is required', km: 'ត្រូវតែបំពេញ' }),
  type: (p) => {
    const t = TYPE_NAMES[String(p.type)] ?? { en: String(p.type), km: String(p.type) };
    return { en: `Must be ${t.en}`, km: `ត្រូវតែជា${t.km}` };
  },
  enum: () => ({ en: 'Choose one of the listed options', km: 'សូមជ្រើសរើសជម្រើសណាមួយក្នុងបញ្ជី' }),
  minimum: (p) => ({ en: `Must be at least ${p.limit}`, km: `ត្រូវតែយ៉ាងតិច ${p.limit}` }),
  maximum: (p) => ({ en: `Must be at most ${p.limit}`, km: `ត្រូវតែមិនលើសពី ${p.limit}` }),
  minLength: (p) => ({ en: `Must be at least ${p.limit} characters long`, km: `ត្រូវមានយ៉ាងតិច ${p.limit} តួអក្សរ` }),
  maxLength: (p) => ({ en: `Must be at most ${p.limit} characters long`, km: `ត្រូវមានមិនលើសពី ${p.limit} តួអក្សរ` }),
  pattern: () => ({ en: 'The value is not in the expected format', km: 'តម្លៃមិនត្រូវតាមទម្រង់ដែលបានកំណត់' }),
  format: () => ({ en: 'Must be a valid date (YYYY-MM-DD)', km: 'ត្រូវតែជាកាលបរិច្ឆេទត្រឹមត្រូវ (ឆ្នាំ-ខែ-ថ្ងៃ)' }),
  minItems: (p) => ({ en: `Add at least ${p.limit} items`, km: `ត្រូវបញ្ចូលយ៉ាងតិច ${p.limit} ធាតុ` }),
  maxItems: (p) => ({ en: `Add at most ${p.limit} items`, km: `មិនអាចបញ្ចូលលើសពី ${p.limit} ធាតុ` }),
  uniqueItems: () => ({ en: 'Each option can be chosen only once', km: 'ជម្រើសនីមួយៗអាចជ្រើសបានតែម្តងប៉ុណ្ណោះ' }),
  additionalProperties: () => ({ en: 'This field is not part of the form', km: 'វាលនេះមិនមែនជាផ្នែកនៃទម្រង់ទេ' }),
  maxDepth: (p) => ({ en: `Nested too deeply (at most ${p.limit} levels)`, km: `ជាន់គ្នាជ្រៅពេក (យ៉ាងច្រើន ${p.limit} កម្រិត)` }),
  maxNodes: (p) => ({ en: `Too large (at most ${p.limit} values in all)`, km: `ធំពេក (យ៉ាងច្រើន ${p.limit} តម្លៃសរុប)` }),
  calculate: () => ({ en: 'The calculation could not be evaluated', km: 'មិនអាចគណនាតម្លៃបានទេ' }),
};

export function messageFor(keyword: string, params: Params = {}): Bilingual {
  const fn = MESSAGES[keyword];
  return fn ? fn(params) : { en: 'The value is not valid', km: 'តម្លៃមិនត្រឹមត្រូវ' };
}
