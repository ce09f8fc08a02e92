// Which admin pages and choices a signed-in user gets, decided from `me.grants` with the very table the
// server enforces (server/auth/permissions.ts is plain TypeScript, safe to bundle). The server still
// checks everything; this only avoids offering what would be refused.
import { matrix, roleRank, roles, type Action, type Role } from '../../../server/auth/permissions';
import type { Grant } from '$lib/queries';

export { roles, roleRank, type Role, type Action };

export function isRole(value: string): value is Role {
	return (roles as readonly string[]).includes(value);
}

export function can(grants: Grant[], action: Action): boolean {
	return grants.some((g) => isRole(g.role) && matrix[g.role][action] !== undefined);
}

export interface AdminRights {
	users: boolean;
	audit: boolean;
	geography: boolean;
	webhooks: boolean;
}

export function adminRights(grants: Grant[] | undefined | null): AdminRights {
	const gs = grants ?? [];
	return { users: can(gs, 'user.manage'), audit: can(gs, 'audit.read'), geography: can(gs, 'geo.import'), webhooks: can(gs, 'webhook.manage') };
}

export function hasAdmin(grants: Grant[] | undefined | null): boolean {
	const r = adminRights(grants);
	return r.users || r.audit || r.geography || r.webhooks;
}

/** Grants that let the manager administer users. */
function managing(grants: Grant[]): Array<{ role: Role; scope: string }> {
	return grants.flatMap((g) => (isRole(g.role) && matrix[g.role]['user.manage'] === 'area' ? [{ role: g.role, scope: g.scope }] : []));
}

/** Roles the manager may give (ranked no higher than a role that lets them manage users), highest first. */
export function grantableRoles(grants: Grant[]): Role[] {
	const best = Math.max(-1, ...managing(grants).map((g) => roleRank[g.role]));
	return [...roles].filter((r) => roleRank[r] <= best).sort((a, b) => roleRank[b] - roleRank[a]);
}

/** Areas where the manager may give `role` (code prefixes; '' = whole country). */
export function scopesFor(grants: Grant[], role: string): string[] {
	if (!isRole(role)) return [];
	return [...new Set(managing(grants).filter((g) => roleRank[g.role] >= roleRank[role]).map((g) => g.scope))];
}

/** True when `code` ('' = country) lies inside one of `scopes`. */
export function covered(scopes: string[], code: string): boolean {
	return scopes.some((s) => s === '' || (code !== '' && code.startsWith(s)));
}

/** True when a unit may be offered in a picker: inside a scope, or on the way down to one. */
export function reachable(scopes: string[], code: string): boolean {
	return covered(scopes, code) || scopes.some((s) => s.startsWith(code));
}
