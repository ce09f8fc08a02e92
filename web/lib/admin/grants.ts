// Grants as edited in forms: a row per grant, with the area still undecided (null) while the picker is
// incomplete or outside the manager's area.
import type { Grant } from '$lib/queries';

export interface GrantRow {
	key: number;
	role: string;
	scope: string | null;
	/** The area to show first (editing an existing grant). */
	initial: string;
}

let counter = 0;

export function rowsOf(grants: Grant[]): GrantRow[] {
	return grants.map((g) => ({ key: counter++, role: g.role, scope: g.scope, initial: g.scope }));
}

export function emptyRow(): GrantRow {
	return { key: counter++, role: '', scope: null, initial: '' };
}

/** Field errors found before sending (role missing, area incomplete), keyed like the server's. */
export function checkRows(rows: GrantRow[], messages: { required: string; area: string }): Record<string, string> {
	const errors: Record<string, string> = {};
	if (rows.length === 0) errors.grants = messages.required;
	rows.forEach((r, i) => {
		if (!r.role) errors[`grants.${i}.role`] = messages.required;
		else if (r.scope === null) errors[`grants.${i}.scope`] = messages.area;
	});
	return errors;
}

export function grantsOf(rows: GrantRow[]): Grant[] {
	return rows.map((r) => ({ role: r.role, scope: r.scope ?? '' }));
}
