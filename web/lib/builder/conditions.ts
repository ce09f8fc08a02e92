// Point-and-click conditions ("show only when <field> <operator> <value>") as JSONLogic in the
// component's `conditional.json`, written with Form.io's variable names exactly as toFormio does
// (root paths prefixed `data.`, same-row fields of a repeat `row.`), and read back for editing.
import { FACES, type FormioComponent, type FormioForm } from '$engine';
import type { Lang } from '$lib/i18n';
import { isNumeric, isValueComponent, labelOf, locateAll, optionsOf, type Located, type Option } from './form-model';

export const OPERATORS = ['eq', 'ne', 'gt', 'lt', 'in', 'ticked'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SimpleCondition {
	/** Form.io variable: `data.<path>` or `row.<key>`. */
	variable: string;
	op: Operator;
	/** As typed; lists are comma separated. */
	value: string;
}

export interface ConditionTarget {
	variable: string;
	label: string;
	numeric: boolean;
	checkbox: boolean;
	options: Option[];
}

const SYMBOL: Record<Exclude<Operator, 'in' | 'ticked'>, string> = { eq: '==', ne: '!=', gt: '>', lt: '<' };

const FACE_OPTIONS: Option[] = FACES.map((f) => ({ value: String(f.value), label: { km: `${f.value} · ${f.label.km}`, en: `${f.value} · ${f.label.en}` } }));

const READ: Record<string, Operator | undefined> = { '==': 'eq', '===': 'eq', '!=': 'ne', '!==': 'ne', '>': 'gt', '<': 'lt' };

/** Fields a condition of `at` may read: value fields outside repeats, plus same-row fields in a repeat. */
export function targetsFor(form: FormioForm, at: Located, lang: Lang): ConditionTarget[] {
	return locateAll(form)
		.filter((l) => l.component !== at.component && isValueComponent(l.component))
		.filter((l) => !l.repeatKey || l.repeatKey === at.repeatKey)
		.map((l) => ({
			variable: l.repeatKey ? `row.${l.component.key}` : `data.${l.dataPath}`,
			label: labelOf(l.component, lang)[lang] || l.component.key,
			numeric: isNumeric(l.component),
			checkbox: l.component.type === 'checkbox',
			options: l.component.properties?.widget === 'faces' ? FACE_OPTIONS : l.component.type === 'radio' || l.component.type === 'select' ? optionsOf(l.component, lang) : [],
		}));
}

function typed(raw: string, numeric: boolean): string | number {
	const text = raw.trim();
	if (numeric && text !== '' && Number.isFinite(Number(text))) return Number(text);
	return text;
}

export function toLogic(condition: SimpleCondition, target: ConditionTarget | undefined): unknown {
	const v = { var: condition.variable };
	const numeric = target?.numeric ?? false;
	switch (condition.op) {
		case 'ticked':
			return { '==': [v, true] };
		case 'in':
			return { in: [v, condition.value.split(',').map((s) => typed(s, numeric)).filter((s) => s !== '')] };
		case 'gt':
		case 'lt':
			// An unanswered field is null ('' in Form.io) and JSONLogic reads null as 0: "less than 3"
			// would show the field before anything is chosen. Compare only answered values.
			return { and: [{ '!=': [v, null] }, { '!==': [v, ''] }, { [SYMBOL[condition.op]]: [v, typed(condition.value, true)] }] };
		default:
			if (target?.checkbox) return { [SYMBOL[condition.op]]: [v, condition.value !== 'false'] };
			return { [SYMBOL[condition.op]]: [v, typed(condition.value, numeric)] };
	}
}

function isGuard(node: unknown, empty: null | ''): boolean {
	if (!node || typeof node !== 'object') return false;
	const args = (node as Record<string, unknown>)[empty === null ? '!=' : '!=='];
	return Array.isArray(args) && args.length === 2 && args[1] === empty;
}

/** Reads a condition written by toLogic (or an equivalent one); null for anything else. */
export function fromLogic(json: unknown): SimpleCondition | null {
	if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
	const entries = Object.entries(json as Record<string, unknown>);
	if (entries.length !== 1) return null;
	const [symbol, args] = entries[0] as [string, unknown];
	if (symbol === 'and' && Array.isArray(args) && args.length === 3 && isGuard(args[0], null) && isGuard(args[1], '')) {
		const inner = fromLogic(args[2]);
		return inner && (inner.op === 'gt' || inner.op === 'lt') ? inner : null;
	}
	if (!Array.isArray(args) || args.length !== 2) return null;
	const [left, right] = args as [unknown, unknown];
	const variable = left && typeof left === 'object' && 'var' in left ? (left as { var: unknown }).var : undefined;
	if (typeof variable !== 'string') return null;
	if ((symbol === '==' || symbol === '===') && right === true) return { variable, op: 'ticked', value: '' };
	if (symbol === 'in' && Array.isArray(right)) return { variable, op: 'in', value: right.map(String).join(', ') };
	const op = READ[symbol];
	if (!op || (typeof right !== 'string' && typeof right !== 'number' && typeof right !== 'boolean')) return null;
	return { variable, op, value: String(right) };
}

export function conditionOf(c: FormioComponent): { simple: SimpleCondition | null; present: boolean } {
	const json = c.conditional?.json;
	if (json === undefined || json === null || json === '') return { simple: null, present: false };
	return { simple: fromLogic(json), present: true };
}

export function setCondition(c: FormioComponent, logic: unknown | null): void {
	if (logic === null) delete c.conditional;
	else c.conditional = { json: logic };
}
