// Geographic scope: the areas (NCDD code prefixes) where an actor may do an action. A grant covers its
// whole subtree; '' covers the country. Repositories turn the result into SQL row filters. A
// form-limited API token (issue 14.4) adds `forms`: every submission query that takes the scope then
// also filters on the form (areaCondition), so the limit cannot be forgotten by one path.
import type { Actor } from './actor';
import { reachOf, type Action } from './permissions';

/** `ownerId` is set when some grant allows the action only on the actor's own records. */
export type Scope = ({ all: true } | { all: false; prefixes: string[] }) & {
  ownOnly?: { ownerId: string; prefixes: string[] };
  /** Set for a form-limited API token: only records of these form keys are in scope. */
  forms?: readonly string[];
};

export function scopeOf(actor: Actor, action: Action): Scope {
  const prefixes: string[] = [];
  const own: string[] = [];
  let all = false;
  for (const grant of actor.grants) {
    const reach = reachOf(grant.role, action);
    if (reach === 'area') {
      if (grant.geoCode === '') all = true;
      prefixes.push(grant.geoCode);
    } else if (reach === 'own') {
      own.push(grant.geoCode);
    }
  }
  const forms = actor.token?.formKeys;
  if (all) return forms ? { all: true, forms } : { all: true };
  const scope: Scope = { all: false, prefixes: [...new Set(prefixes)].sort() };
  if (own.length > 0) scope.ownOnly = { ownerId: actor.id, prefixes: [...new Set(own)].sort() };
  if (forms) scope.forms = forms;
  return scope;
}

/** True when records of the form `definitionKey` are within the scope's forms (no limit: every form). */
export function formAllowed(scope: Scope, definitionKey: string): boolean {
  return !scope.forms || scope.forms.includes(definitionKey);
}

/** True when a record at `geoCode` created by `ownerId` is within the scope. */
export function coversRecord(scope: Scope, geoCode: string | null, ownerId: string | null): boolean {
  if (inScope(scope, geoCode)) return true;
  const own = scope.ownOnly;
  return !!own && ownerId === own.ownerId && own.prefixes.some((p) => p === '' || (geoCode ?? '').startsWith(p));
}

/** A place inside the scope's areas (geography only: places, providers, users). */
export function inScope(scope: Scope, geoCode: string | null): boolean {
  if (scope.all) return true;
  return geoCode !== null && scope.prefixes.some((p) => geoCode.startsWith(p));
}

/** A stored record inside the scope: its form and its place (reads, reviews). */
export function recordInScope(scope: Scope, row: { geo_code: string | null; definition_key: string }): boolean {
  return formAllowed(scope, row.definition_key) && inScope(scope, row.geo_code);
}

/** A stored record the scope covers: its form, and its place or (own reach) its writer (edits). */
export function recordCovered(scope: Scope, row: { geo_code: string | null; definition_key: string; submitted_by: string | null }): boolean {
  return formAllowed(scope, row.definition_key) && coversRecord(scope, row.geo_code, row.submitted_by);
}
