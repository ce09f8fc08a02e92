// Checks the places a submission names before it is stored, on create and on update: the record's
// geography answers and `geoCode` lie on one line (a village inside its commune inside its district),
// each answer has its field's level, every code exists in the gazetteer as far as it is imported and
// is not retired (unless the record already had it), and the record's place and every item's place
// are inside the actor's area. Numbers are counted by place, so a wrong place is a wrong number.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { defaultUnitType, isGeoCode, levelOf, pathCodes } from '../geo/geo-codes';
import { Problem, type ProblemDetail } from '../core/problems';
import type { Facets, NamedPlace } from './facets';
import { gazetteerFacts } from './submissions.repository';

export interface PlaceRules {
  /** True when the actor may write a record (or item) at this place. */
  allowed: (code: string | null) => boolean;
  /** Codes the stored record already names: they may stay even if retired since. */
  kept: ReadonlySet<string>;
}

function detail(path: string, keyword: string, en: string, km: string): ProblemDetail {
  return { path, keyword, message: { en, km } };
}

/** Shape and consistency, without the database: VALIDATION_FAILED details. */
function shapeErrors(facets: Facets): ProblemDetail[] {
  const errors: ProblemDetail[] = [];
  for (const p of facets.places) {
    if (!isGeoCode(p.code) || (p.level !== null && levelOf(p.code) !== p.level)) {
      errors.push(detail(p.path, 'format', `${p.code} is not a ${p.level ?? 'place'} code.`, `${p.code} មិនមែនជាកូដ${p.level ? defaultUnitType[p.level].km : 'ទីកន្លែង'}ទេ។`));
    }
  }
  if (errors.length > 0) return errors;
  const place = facets.geoCode;
  const anchor = facets.places.find((p) => p.ofRecord && p.code === place);
  for (const p of facets.places) {
    if (!p.ofRecord || place === null || place.startsWith(p.code)) continue;
    errors.push(
      detail(
        p.path,
        'place',
        `${p.code} does not contain ${anchor?.path ?? 'the place'} (${place}): the places of one record must lie inside each other.`,
        `${p.code} មិនរួមបញ្ចូល ${anchor?.path ?? 'ទីកន្លែង'} (${place}) ទេ៖ ទីកន្លែងនៃកំណត់ត្រាមួយត្រូវតែស្ថិតនៅក្នុងគ្នាទៅវិញទៅមក។`,
      ),
    );
  }
  return errors;
}

function areaErrors(facets: Facets, rules: PlaceRules): ProblemDetail[] {
  // The record's place is its most specific code; its coarser answers are context, not extra places.
  const checked: NamedPlace[] = facets.places.filter((p) => !p.ofRecord || p.code === facets.geoCode);
  const seen = new Set<string>();
  return checked
    .filter((p) => !rules.allowed(p.code) && !seen.has(p.path) && seen.add(p.path))
    .map((p) => detail(p.path, 'area', `${p.code} is outside your area.`, `${p.code} នៅក្រៅតំបន់របស់អ្នក។`));
}

/** What the gazetteer says about the codes it has: retired, and whether it lists units below them. */
export type GazetteerFacts = ReadonlyMap<string, { retired: boolean; hasChildren: boolean }>;

/** Every code the gazetteer check of these places reads (each code and its ancestors). */
export function gazetteerCodes(facets: Facets): string[] {
  return [...new Set(facets.places.flatMap((p) => pathCodes(p.code)))];
}

/**
 * A code must be in the gazetteer wherever the gazetteer lists that level: provinces always ship, and
 * below a unit whose children were imported every code must be one of them. A deployment that has
 * imported only provinces cannot check communes, and does not refuse them. Pure: `units` holds the
 * facts of gazetteerCodes(facets) (or more: a batch reads the facts of all its records at once).
 */
export function gazetteerErrors(units: GazetteerFacts, facets: Facets, rules: PlaceRules): ProblemDetail[] {
  const errors: ProblemDetail[] = [];
  for (const p of facets.places) {
    let parentHasChildren = true; // the country always has its provinces
    for (const code of pathCodes(p.code)) {
      const unit = units.get(code);
      if (!unit) {
        if (parentHasChildren) errors.push(detail(p.path, 'exists', `There is no place ${code} in the gazetteer.`, `គ្មានទីកន្លែង ${code} ក្នុងបញ្ជីភូមិសាស្ត្រទេ។`));
        break;
      }
      if (code === p.code && unit.retired && !rules.kept.has(p.code)) {
        errors.push(detail(p.path, 'retired', `${code} is no longer in use; choose the place that replaced it.`, `${code} លែងប្រើហើយ។ សូមជ្រើសរើសទីកន្លែងដែលជំនួសវា។`));
      }
      parentHasChildren = unit.hasChildren;
    }
  }
  return errors;
}

/** The refusal of places the gazetteer does not accept (`exists`, `retired` details). */
export function gazetteerProblem(errors: ProblemDetail[]): Problem {
  return new Problem('VALIDATION_FAILED', { errors });
}

/** The checks that need no database: shape and consistency (VALIDATION_FAILED), area (FORBIDDEN). */
export function checkPlaceRules(facets: Facets, rules: PlaceRules): void {
  const invalid = shapeErrors(facets);
  if (invalid.length > 0) throw new Problem('VALIDATION_FAILED', { errors: invalid });
  if (facets.geoCode === null && !rules.allowed(null)) {
    throw new Problem('FORBIDDEN', { message: { en: 'Records without a place can only be sent by country-wide users.', km: 'កំណត់ត្រាគ្មានទីកន្លែង អាចបញ្ជូនបានតែដោយអ្នកប្រើទូទាំងប្រទេសប៉ុណ្ណោះ។' } });
  }
  const outside = areaErrors(facets, rules);
  if (outside.length > 0) {
    throw new Problem('FORBIDDEN', { message: { en: 'This place is outside your area.', km: 'ទីកន្លែងនេះនៅក្រៅតំបន់របស់អ្នក។' }, errors: outside });
  }
}

/** Throws VALIDATION_FAILED with the paths of codes the gazetteer refuses (`exists`, `retired`). */
export async function checkGazetteer(db: Kysely<Database>, facets: Facets, rules: PlaceRules): Promise<void> {
  if (facets.places.length === 0) return;
  const unknown = gazetteerErrors(await gazetteerFacts(db, gazetteerCodes(facets)), facets, rules);
  if (unknown.length > 0) throw gazetteerProblem(unknown);
}

/** The distinct codes a submission names (what the one-statement insert checks against the gazetteer). */
export function placeCodes(facets: Facets): string[] {
  return [...new Set(facets.places.map((p) => p.code))];
}
