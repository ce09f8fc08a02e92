// Who may write help (server/auth/permissions.ts: help.edit). The server decides; this only hides
// buttons a user could not use.
const HELP_EDITORS = new Set(['system_admin', 'national_officer', 'trainer']);

export function isHelpEditor(me: { grants?: Array<{ role: string }> } | null | undefined): boolean {
	return !!me?.grants?.some((g) => HELP_EDITORS.has(g.role));
}

/** A same-site path to come back to (`?from=`), or null: never another site. */
export function safeFrom(raw: string | null): string | null {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\') || /[\u0000-\u001f]/.test(raw)) return null;
	return raw.slice(0, 500);
}
