// Table columns for a form across all its versions: the union of every version's fields (the
// newest version's order first, then fields only older versions had), so a field removed or added
// in a later version keeps its column and is simply empty for submissions of other versions.
// Fields of repeat groups collapse into one column per repeat (shown as a count in the table).
import { fieldPaths, type FieldPath } from '$engine/compile/field-paths';
import type { Definition, LocalizedText } from '$engine';
import type { DefinitionSchema, FieldSchema } from '$lib/definition';

export interface Column {
	/** Dotted data path (`participants.female`) or the repeat's path. */
	path: string;
	label: LocalizedText;
	/** Label of the enclosing group(s), for `Group › Field` headers. */
	parents: LocalizedText[];
	widget: string;
	repeat: boolean;
	/** Versions that have this column. */
	versions: number[];
}

function parentsOf(schema: DefinitionSchema, path: string): LocalizedText[] {
	const parts = path.split('.');
	const out: LocalizedText[] = [];
	let node: FieldSchema | DefinitionSchema | undefined = schema;
	for (const part of parts.slice(0, -1)) {
		node = node?.properties?.[part];
		const label = node?.['x-label'];
		if (label) out.push(label as LocalizedText);
	}
	return out;
}

function fieldAt(schema: DefinitionSchema, path: string): FieldSchema | undefined {
	let node: FieldSchema | DefinitionSchema | undefined = schema;
	for (const part of path.split('.')) node = node?.properties?.[part];
	return node as FieldSchema | undefined;
}

export function columnsFor(versions: Array<{ version: number; schema: DefinitionSchema }>): Column[] {
	const byPath = new Map<string, Column>();
	const newestFirst = [...versions].sort((a, b) => b.version - a.version);
	for (const { version, schema } of newestFirst) {
		let paths: FieldPath[];
		try {
			paths = fieldPaths(schema as unknown as Definition);
		} catch {
			continue; // a malformed old version must not break the table
		}
		for (const p of paths) {
			const repeat = p.repeat !== undefined;
			const path = repeat ? (p.repeat as string) : p.path;
			const existing = byPath.get(path);
			if (existing) {
				if (!existing.versions.includes(version)) existing.versions.push(version);
				continue;
			}
			const label = repeat ? ((fieldAt(schema, path)?.['x-label'] as LocalizedText | undefined) ?? { km: path, en: path }) : p.label;
			byPath.set(path, { path, label, parents: parentsOf(schema, path), widget: repeat ? 'repeat' : p.widget, repeat, versions: [version] });
		}
	}
	return [...byPath.values()];
}

/** The value at a dotted path of a submission's data. */
export function valueAt(data: Record<string, unknown> | undefined, path: string): unknown {
	let node: unknown = data;
	for (const part of path.split('.')) {
		if (!node || typeof node !== 'object') return undefined;
		node = (node as Record<string, unknown>)[part];
	}
	return node;
}

/** The field schema at a column's path in one version (undefined when that version lacks it). */
export function schemaAt(schema: DefinitionSchema | undefined, path: string): FieldSchema | undefined {
	return schema ? fieldAt(schema, path) : undefined;
}
