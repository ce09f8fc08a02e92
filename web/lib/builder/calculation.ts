// Why: an M&E officer builds a calculated field by choosing, not by writing JSONLogic: what to
// compute (sum, count, average, median rounded up, smallest, largest, median of vote counts, days
// between two dates, or "if … then … else …") and over what (fields of the form, or one column of
// a repeat's rows). This module turns those choices into the component's `calculateValue` (Form.io
// variable names, as toFormio writes them) and reads a stored one back. Anything it cannot read back
// exactly is shown read-only and kept as it is (fromLogic answers null), never rewritten.
import type { FormioComponent, FormioForm } from '$engine';
import type { Lang } from '$lib/i18n';
import { emptyRoot, fromLogic as conditionFromLogic, toLogic as conditionToLogic, type Group, type Scalar } from './condition-logic';
import { targetsFor, type ConditionTarget } from './conditions';
import { isNumeric, isValueComponent, labelOf, locateAll, type Located } from './form-model';

export const AGGREGATES = ['sum', 'count', 'average', 'median', 'smallest', 'largest'] as const;
export type Aggregate = (typeof AGGREGATES)[number];
export const CALCULATION_KINDS = [...AGGREGATES, 'median_of_counts', 'days_between', 'if'] as const;
export type CalculationKind = (typeof CALCULATION_KINDS)[number];

/** A then/else value: another field, or a value typed in (null: nothing). */
export type Operand = { field: string } | { value: Scalar | null };

export type Calculation =
	| { kind: Aggregate; over: 'fields'; fields: string[] }
	| { kind: Aggregate; over: 'rows'; repeat: string; column: string }
	| { kind: 'median_of_counts'; fields: string[] }
	| { kind: 'days_between'; from: string; to: string }
	| { kind: 'if'; condition: Group; then: Operand; else: Operand };

export interface RepeatSource {
	/** Form.io variable of the repeat, `data.<path>`. */
	variable: string;
	label: string;
	/** Its value fields (the row item's keys), numbers first. */
	columns: Array<{ key: string; label: string; numeric: boolean }>;
}

export interface Sources {
	/** Fields the calculation may read (as conditions: outside repeats, plus the same row). */
	fields: ConditionTarget[];
	/** Repeats whose rows a calculation outside every repeat may read. */
	repeats: RepeatSource[];
}

/** Number and text fields can be calculated (groups, choices, places and dates cannot). */
export function isCalculable(c: FormioComponent): boolean {
	return c.type === 'number' || (c.type === 'textfield' && c.inputType !== 'date' && !c.properties?.widget);
}

export function sourcesFor(form: FormioForm, at: Located, lang: Lang): Sources {
	const all = locateAll(form);
	const repeats = at.repeatKey
		? []
		: all
				.filter((l) => l.component.type === 'datagrid' && !l.repeatKey)
				.map((l) => ({
					variable: `data.${l.dataPath}`,
					label: labelOf(l.component, lang)[lang] || l.component.key,
					columns: all
						.filter((x) => x.repeatKey === l.component.key && isValueComponent(x.component))
						.map((x) => ({ key: x.component.key, label: labelOf(x.component, lang)[lang] || x.component.key, numeric: isNumeric(x.component) })),
				}))
				.filter((r) => r.columns.length > 0);
	return { fields: targetsFor(form, at, lang), repeats };
}

// ---------- choices → JSONLogic ----------

const v = (name: string) => ({ var: name });

function operandLogic(o: Operand): unknown {
	return 'field' in o ? v(o.field) : o.value;
}

export function toLogic(calc: Calculation): unknown {
	switch (calc.kind) {
		case 'median_of_counts':
			return { median_of_counts: calc.fields.map(v) };
		case 'days_between':
			return { days_between: [v(calc.from), v(calc.to)] };
		case 'if':
			return { if: [conditionToLogic(calc.condition), operandLogic(calc.then), operandLogic(calc.else)] };
		default:
			if (calc.over === 'rows') return { [calc.kind]: [{ map: [v(calc.repeat), v(calc.column)] }] };
			return { [calc.kind]: calc.fields.map(v) };
	}
}

// ---------- JSONLogic → choices ----------

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function varOf(x: unknown): string | null {
	return isRecord(x) && Object.keys(x).length === 1 && typeof x.var === 'string' && x.var !== '' ? x.var : null;
}

function varsOf(list: unknown[]): string[] | null {
	const names = list.map(varOf);
	return names.every((n): n is string => n !== null) ? names : null;
}

function operandOf(x: unknown): Operand | null {
	const field = varOf(x);
	if (field) return { field };
	if (x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) return { value: x };
	return null;
}

function parse(op: string, args: unknown[]): Calculation | null {
	if ((AGGREGATES as readonly string[]).includes(op)) {
		const kind = op as Aggregate;
		const map = args.length === 1 && isRecord(args[0]) && Array.isArray(args[0].map) ? (args[0].map as unknown[]) : null;
		if (map) {
			const [repeat, column] = [varOf(map[0]), varOf(map[1])];
			return map.length === 2 && repeat && column ? { kind, over: 'rows', repeat, column } : null;
		}
		const fields = varsOf(args);
		return fields ? { kind, over: 'fields', fields } : null;
	}
	if (op === 'median_of_counts') {
		const fields = varsOf(args);
		return fields ? { kind: op, fields } : null;
	}
	if (op === 'days_between') {
		const [from, to] = [varOf(args[0]), varOf(args[1])];
		return args.length === 2 && from && to ? { kind: op, from, to } : null;
	}
	if (op === 'if' && args.length === 3) {
		const [then, otherwise] = [operandOf(args[1]), operandOf(args[2])];
		const condition = args[0] === null ? emptyRoot() : conditionFromLogic(args[0]);
		return then && otherwise ? { kind: 'if', condition, then, else: otherwise } : null;
	}
	return null;
}

/** The choices a stored calculation was made from; null when the editor cannot show it exactly. */
export function fromLogic(json: unknown): Calculation | null {
	if (!isRecord(json) || Object.keys(json).length !== 1) return null;
	const [op, raw] = Object.entries(json)[0] as [string, unknown];
	const calc = parse(op, Array.isArray(raw) ? raw : [raw]);
	// Read back only what would be written back exactly the same (nothing is silently rewritten).
	return calc && JSON.stringify(toLogic(calc)) === JSON.stringify(json) ? calc : null;
}

// ---------- the component's calculation ----------

export function calculationOf(c: FormioComponent): { calc: Calculation | null; present: boolean; logic: unknown } {
	const logic = c.calculateValue;
	const present = isRecord(logic);
	return { calc: present ? fromLogic(logic) : null, present, logic };
}

/** Sets the calculation (the field becomes read-only, as toFormio writes it), or removes it. */
export function setCalculation(c: FormioComponent, logic: unknown | null): void {
	if (logic === null) {
		delete c.calculateValue;
		delete c.disabled;
		delete c.allowCalculateOverride;
		return;
	}
	c.calculateValue = logic;
	c.disabled = true;
	c.allowCalculateOverride = false;
}

/** A new calculation of `kind`, filled with the first fields that fit. */
export function newCalculation(kind: CalculationKind, sources: Sources, previous: Calculation | null): Calculation {
	const numbers = sources.fields.filter((f) => f.numeric).map((f) => f.variable);
	const dates = sources.fields.filter((f) => f.kind === 'date').map((f) => f.variable);
	const repeat = sources.repeats[0];
	switch (kind) {
		case 'median_of_counts':
			return { kind, fields: numbers.slice(0, 5) };
		case 'days_between':
			return { kind, from: dates[0] ?? '', to: dates[1] ?? dates[0] ?? '' };
		case 'if':
			return { kind, condition: emptyRoot(), then: { value: 1 }, else: { value: 0 } };
		default: {
			if (previous && 'over' in previous) return { ...previous, kind };
			if (repeat) return { kind, over: 'rows', repeat: repeat.variable, column: (repeat.columns.find((x) => x.numeric) ?? repeat.columns[0])?.key ?? '' };
			return { kind, over: 'fields', fields: numbers.slice(0, 2) };
		}
	}
}

// ---------- renaming a field ----------

/**
 * Points calculations at a field's new data name: `data.`/`row.` variables (as conditions), and the
 * column a calculation over a repeat's rows reads (`{"map": [{"var": "data.r"}, {"var": "<key>"}]}`).
 */
export function renameCalculationVars(form: FormioForm, at: Located, before: string, after: string): void {
	const column = at.repeatKey ? locateAll(form).find((l) => l.component.type === 'datagrid' && l.component.key === at.repeatKey) : undefined;
	const swap = (name: string) => (name === before || name.startsWith(`${before}.`) ? after + name.slice(before.length) : name);
	for (const { component } of locateAll(form)) {
		const calc = calculationOf(component);
		if (!calc.present) continue;
		if (calc.calc && calc.calc.kind !== 'if' && 'over' in calc.calc && calc.calc.over === 'rows' && column && calc.calc.repeat === `data.${column.dataPath}` && `row.${calc.calc.column}` === before) {
			setCalculation(component, toLogic({ ...calc.calc, column: after.slice('row.'.length) }));
			continue;
		}
		component.calculateValue = renameVars(calc.logic, swap);
	}
}

function renameVars(node: unknown, swap: (name: string) => string): unknown {
	if (Array.isArray(node)) return node.map((x) => renameVars(x, swap));
	if (!isRecord(node)) return node;
	const name = varOf(node);
	if (name && (name.startsWith('data.') || name.startsWith('row.'))) return { var: swap(name) };
	return Object.fromEntries(Object.entries(node).map(([k, x]) => [k, renameVars(x, swap)]));
}
