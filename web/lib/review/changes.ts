// The lines of one corrected answer in the history. The server sends a repeat group (criteria,
// action items, trainees) as ONE change with the whole item arrays; it is shown per item and field
// ("Criteria 2 › Score: 3 → 4") so a reviewer sees what moved, not "3 items → 3 items".
import { schemaAt } from '$lib/data/columns';
import { topLevelFields, type DefinitionSchema, type FieldSchema } from '$lib/definition';
import { pick, type Lang } from '$lib/i18n';
import type { FieldChange } from './types';

export interface ChangeLine {
	key: string;
	label: string;
	field: FieldSchema | undefined;
	before: unknown;
	after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const items = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {})) : []);

export function changeLines(change: FieldChange, schema: DefinitionSchema, lang: Lang): ChangeLine[] {
	const field = schemaAt(schema, change.path);
	const label = pick(change.label, lang) || change.path;
	const itemSchema = field?.type === 'array' && field.items?.type === 'object' ? (field.items as DefinitionSchema) : null;
	if (!itemSchema) return [{ key: change.path, label, field, before: change.before, after: change.after }];
	const before = items(change.before);
	const after = items(change.after);
	const children = topLevelFields(itemSchema);
	const lines: ChangeLine[] = [];
	for (let i = 0; i < Math.max(before.length, after.length); i++) {
		for (const { key, field: child } of children) {
			const b = before[i]?.[key];
			const a = after[i]?.[key];
			if (same(b, a)) continue;
			lines.push({ key: `${change.path}.${i}.${key}`, label: `${label} ${i + 1} › ${pick(child['x-label'], lang) || key}`, field: child, before: b, after: a });
		}
	}
	return lines.length ? lines : [{ key: change.path, label, field, before: change.before, after: change.after }];
}
