// Flattens audit before/after JSON into dotted paths and lists what changed. Values stay data: the
// page renders them as text, never as HTML.
export interface DiffRow {
	path: string;
	before: string | undefined;
	after: string | undefined;
	kind: 'added' | 'removed' | 'changed' | 'same';
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
	if (value !== null && typeof value === 'object' && !(Array.isArray(value) && value.length === 0) && Object.keys(value).length > 0) {
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
		return;
	}
	if (value === undefined) return;
	out.set(prefix || '(value)', typeof value === 'string' ? value : JSON.stringify(value));
}

export function diffRows(before: unknown, after: unknown): DiffRow[] {
	const a = new Map<string, string>();
	const b = new Map<string, string>();
	flatten(before ?? undefined, '', a);
	flatten(after ?? undefined, '', b);
	const paths = [...new Set([...a.keys(), ...b.keys()])];
	return paths.map((path) => {
		const x = a.get(path);
		const y = b.get(path);
		const kind = x === undefined ? 'added' : y === undefined ? 'removed' : x === y ? 'same' : 'changed';
		return { path, before: x, after: y, kind };
	});
}

export function hasPayload(before: unknown, after: unknown): boolean {
	return (before !== null && before !== undefined) || (after !== null && after !== undefined);
}

export function pretty(value: unknown): string {
	return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}
