// Geographic scope: the areas (NCDD code prefixes) where an actor may do an action. A grant covers its
// whole subtree; '' covers the country. Repositories turn the result into SQL row filters.
import type { Actor } from './actor';
import { reachOf, type Action } from './permissions';

/** `ownerId` is set when some grant allows the action only on the actor's own records. */
export type Scope = ({ all: true } | { all: false; prefixes: string[] }) & { ownOnly?: { ownerId: string; prefixes: string[] } };

export function scopeOf(actor: Actor, action: Action): Scope {
  const prefixes: string[] = [];
  const own: string[] = [];
  for (const grant of actor.grants) {
    const reach = reachOf(grant.role, action);
    if (reach === 'area') {
      if (grant.geoCode === '') return { all: true };
      prefixes.push(grant.geoCode);
    } else if (reach === 'own') {
      own.push(grant.geoCode);
    }
  }
  const scope: Scope = { all: false, prefixes: [...new Set(prefixes)].sort() };
  if (own.length > 0) scope.ownOnly = { ownerId: actor.id, prefixes: [...new Set(own)].sort() };
  return scope;
}

/** True when a record at `geoCode` created by `ownerId` is within the scope. */
export function coversRecord(scope: Scope, geoCode: string | null, ownerId: string | null): boolean {
  if (inScope(scope, geoCode)) return true;
  const own = scope.ownOnly;
  return !!own && ownerId === own.ownerId && own.prefixes.some((p) => p === '' || (geoCode ?? '').startsWith(p));
}

export function inScope(scope: Scope, geoCode: string | null): boolean {
  if (scope.all) return true;
  return geoCode !== null && scope.prefixes.some((p) => geoCode.startsWith(p));
}
