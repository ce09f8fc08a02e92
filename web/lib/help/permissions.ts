// Who may write help (server/auth/permissions.ts: help.edit). The server decides; this only hides
// buttons a user could not use.
import { safeNext } from '$lib/navigation';

const HELP_EDITORS = new Set(['system_admin', 'national_officer', 'trainer']);

export function isHelpEditor(me: { grants?: Array<{ role: string }> } | null | undefined): boolean {
	return !!me?.grants?.some((g) => HELP_EDITORS.has(g.role));
}

/** A same-site path to come back to (`?from=`), or null: the login page's `safeNext` rule. */
export function safeFrom(raw: string | null): string | null {
	return raw && safeNext(raw) === raw ? raw.slice(0, 500) : null;
}
