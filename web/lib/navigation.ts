import { adminRights } from './admin/permissions';
import type { Grant } from './queries';

// Where to go after login. Only same-site paths are accepted so `?next=` cannot become an open
// redirect (`//evil.example`, `/\evil.example` and absolute URLs fall back to the home page).
export function safeNext(raw: string | null | undefined): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
	if (/[\u0000-\u001f]/.test(raw)) return '/';
	return raw;
}

export function loginPath(next: string): string {
	return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** A route id without its `(group)` folders: `/(app)/forms/[key]` → `/forms/[key]` (help pages name these). */
export function routeIdWithoutGroups(routeId: string | null): string | null {
	return routeId === null ? null : routeId.replace(/\/\([^/]+\)/g, '') || '/';
}

/** Paths of the client-only field pages (web/routes/(field)/): the fill page and the field home. */
export function isFieldPath(pathname: string): boolean {
	return pathname === '/field' || pathname.startsWith('/forms/');
}

/** The same page with `lang` set, for the language switch (full reload so formio re-renders). */
export function withLang(url: URL, lang: string): string {
	const params = new URLSearchParams(url.search);
	params.set('lang', lang);
	return `${url.pathname}?${params.toString()}`;
}

/** Roles that may edit definitions (server/auth/permissions.ts: definition.edit). */
const EDITOR_ROLES = new Set(['system_admin', 'national_officer']);

export function isEditor(me: { grants?: Array<{ role: string }> } | null | undefined): boolean {
	return !!me?.grants?.some((g) => EDITOR_ROLES.has(g.role));
}

/** Extra top-bar links by role: the form builder for editors. */
export function navItems(me: { grants?: Array<{ role: string }> } | null | undefined): Array<{ href: string; label: 'builder' }> {
	return isEditor(me) ? [{ href: '/builder', label: 'builder' }] : [];
}

/** The first admin page the user may open, or null: the top bar shows "Admin" only when set. */
export function adminHome(grants: Grant[] | undefined | null): string | null {
	const rights = adminRights(grants);
	if (rights.users) return '/admin/users';
	if (rights.geography) return '/admin/geography';
	if (rights.audit) return '/admin/audit';
	if (rights.webhooks) return '/admin/webhooks';
	return null;
}
