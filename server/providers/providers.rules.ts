// Pure checks for a service provider: kind, names, code, and the geography its kind is tied to
// (a district for health centres, a commune for schools and commune administrations).
import type { ProblemDetail } from '../core/problems';

export const PROVIDER_KINDS = ['health_centre', 'primary_school', 'commune_admin'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface ProviderInput {
  kind?: string | null;
  code?: string | null;
  nameKm?: string | null;
  nameEn?: string | null;
  geoCode?: string | null;
  catchment?: string[] | null;
}

export interface CleanProvider {
  kind: ProviderKind;
  code: string | null;
  nameKm: string;
  nameEn: string;
  geoCode: string;
  catchment: string[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const detail = (path: string, keyword: string, en: string, km: string): ProblemDetail => ({ path, keyword, message: { en, km } });

/** Normalises the input and lists what is wrong with it (empty list = fine, apart from existence). */
export function checkProvider(input: ProviderInput): { value: CleanProvider; errors: ProblemDetail[] } {
  const errors: ProblemDetail[] = [];
  const kind = (input.kind ?? '') as ProviderKind;
  const value: CleanProvider = {
    kind,
    code: input.code?.trim() || null,
    nameKm: input.nameKm?.trim() ?? '',
    nameEn: input.nameEn?.trim() ?? '',
    geoCode: input.geoCode?.trim() ?? '',
    catchment: [...new Set((input.catchment ?? []).map((c) => c.trim()).filter(Boolean))].sort(),
  };
  if (!PROVIDER_KINDS.includes(kind)) errors.push(detail('kind', 'enum', `Use one of ${PROVIDER_KINDS.join(', ')}.`, `សូមប្រើ ${PROVIDER_KINDS.join(', ')}។`));
  if (!value.nameKm) errors.push(detail('nameKm', 'required', 'The Khmer name is required.', 'ត្រូវការឈ្មោះជាភាសាខ្មែរ។'));
  if (value.nameKm.length > 200 || value.nameEn.length > 200) errors.push(detail(value.nameKm.length > 200 ? 'nameKm' : 'nameEn', 'maxLength', 'At most 200 characters.', 'យ៉ាងច្រើន ២០០ តួអក្សរ។'));
  if (value.code !== null && !CODE.test(value.code)) errors.push(detail('code', 'pattern', 'The code has letters, digits, . _ - (at most 40).', 'លេខកូដមានអក្សរ លេខ . _ - (យ៉ាងច្រើន ៤០)។'));
  const digits = kind === 'health_centre' ? 4 : 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(value.geoCode)) {
    const place = digits === 4 ? ['district', 'ស្រុក'] : ['commune', 'ឃុំ'];
    errors.push(detail('geoCode', 'format', `A ${kind || 'provider'} belongs to a ${place[0]}: use its ${digits}-digit code.`, `សូមប្រើលេខកូដ${place[1]} ${digits} ខ្ទង់។`));
  }
  if (kind !== 'health_centre' && value.catchment.length > 0) errors.push(detail('catchment', 'enum', 'Only health centres have a catchment.', 'មានតែមណ្ឌលសុខភាពទេដែលមានតំបន់គ្របដណ្តប់។'));
  value.catchment.forEach((c, i) => {
    if (!/^\d{8}$/.test(c)) errors.push(detail(`catchment.${i}`, 'format', 'Use 8-digit village codes.', 'សូមប្រើលេខកូដភូមិ ៨ ខ្ទង់។'));
  });
  return { value, errors };
}

/** Details for codes that are not active units in the database. */
export function missingGeo(value: CleanProvider, active: ReadonlySet<string>): ProblemDetail[] {
  const errors: ProblemDetail[] = [];
  if (value.geoCode && !active.has(value.geoCode)) errors.push(detail('geoCode', 'exists', `There is no active unit ${value.geoCode}.`, `គ្មានឯកតា ${value.geoCode} ទេ។`));
  value.catchment.forEach((c, i) => {
    if (!active.has(c)) errors.push(detail(`catchment.${i}`, 'exists', `There is no active village ${c}.`, `គ្មានភូមិ ${c} ទេ។`));
  });
  return errors;
}
