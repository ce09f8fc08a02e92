// Delegated administration: a manager may give a grant only inside an area they manage, and only a
// role ranked no higher than the role that gives them that area.
import type { Actor, Grant } from '../auth/actor';
import { isRole, reachOf, roleRank } from '../auth/permissions';

export function canGrant(manager: Actor, grant: Grant): boolean {
  if (!isRole(grant.role)) return false;
  return manager.grants.some((g) => {
    if (reachOf(g.role, 'user.manage') !== 'area' || !isRole(g.role)) return false;
    const covers = g.geoCode === '' || (grant.geoCode !== '' && grant.geoCode.startsWith(g.geoCode));
    return covers && roleRank[grant.role as keyof typeof roleRank] <= roleRank[g.role];
  });
}

/** A manager may act on a user only when they could have given every one of the user's grants. */
export function canManageUser(manager: Actor, grants: Grant[]): boolean {
  return grants.length > 0 ? grants.every((g) => canGrant(manager, g)) : manager.grants.some((g) => g.geoCode === '' && reachOf(g.role, 'user.manage'));
}
