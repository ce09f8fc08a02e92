// Geographic scope: the areas (NCDD code prefixes) where an actor may do an action. A grant covers its
// whole subtree; '' covers the country. Repositories turn the result into SQL row filters.
import type { Actor } from './actor';
import { can, isRole, type Action } from './permissions';

export type Scope = { all: true } | { all: false; prefixes: string[] };

export function scopeOf(actor: Actor, action: Action): Scope {
  const prefixes: string[] = [];
  for (const grant of actor.grants) {
    if (!isRole(grant.role) || !can({ ...actor, grants: [grant] }, action)) continue;
    if (grant.geoCode === '') return { all: true };
    prefixes.push(grant.geoCode);
  }
  return { all: false, prefixes: [...new Set(prefixes)].sort() };
}

export function inScope(scope: Scope, geoCode: string | null): boolean {
  if (scope.all) return true;
  return geoCode !== null && scope.prefixes.some((p) => geoCode.startsWith(p));
}
