// Point-and-click conditions ("show only when …") of the builder's Form.io JSON: which fields a
// condition may read and how each is compared (fits its widget), the plain-language summary, and
// reading/writing the component's `conditional.json`. The JSONLogic translation itself is in
// condition-logic.ts; variables use Form.io's names exactly as toFormio writes them (root paths
// prefixed `data.`, same-row fields of a repeat `row.`).
import { FACES, type FormioComponent, type FormioForm } from '$engine';
import type { Lang } from '$lib/i18n';
import type { BuilderDictionary } from '$lib/i18n/builder-en';
import { fromLogic, toLogic, type ConditionNode, type Group, type Rule, type RuleOp, type Scalar } from './condition-logic';
import { isNumeric, isValueComponent, labelOf, locateAll, optionsOf, type Located, type Option } from './form-model';

/** How a field is compared: options by label, numbers, dates, tick box yes/no, multiselect "picked". */
export type TargetKind = 'options' | 'multi' | 'checkbox' | 'number' | 'date' | 'text';

export interface ConditionTarget {
	variable: string;
	label: string;
	kind: TargetKind;
	numeric: boolean;
	checkbox: boolean;
	options: Option[];
}

const FACE_OPTIONS: Option[] = FACES.map((f) => ({ value: String(f.value), label: { km: `${f.value} · ${f.label.km}`, en: `${f.value} · ${f.label.en}` } }));

function kindOf(c: FormioComponent): TargetKind {
	if (c.type === 'checkbox') return 'checkbox';
	if (c.type === 'select' && c.multiple) return 'multi';
	if (c.type === 'radio' || c.type === 'select') return 'options';
	if (isNumeric(c)) return 'number';
	if (c.type === 'textfield' && c.inputType === 'date') return 'date';
	return 'text';
}

/** Fields a condition of `at` may read: value fields outside repeats, plus same-row fields in a repeat. */
export function targetsFor(form: FormioForm, at: Located, lang: Lang): ConditionTarget[] {
	return locateAll(form)
		.filter((l) => l.component !== at.component && isValueComponent(l.component))
		.filter((l) => !l.repeatKey || l.repeatKey === at.repeatKey)
		.map((l) => {
			const c = l.component;
			const kind = kindOf(c);
			return {
				variable: l.repeatKey ? `row.${c.key}` : `data.${l.dataPath}`,
				label: labelOf(c, lang)[lang] || c.key,
				kind,
				numeric: isNumeric(c),
				checkbox: kind === 'checkbox',
				options: c.properties?.widget === 'faces' ? FACE_OPTIONS : kind === 'options' || kind === 'multi' ? optionsOf(c, lang) : [],
			};
		});
}

/** The comparisons offered for a field (numbered options such as faces also compare as numbers). */
export function opsFor(target: ConditionTarget | undefined): RuleOp[] {
	switch (target?.kind) {
		case 'options':
			return target.numeric ? ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'] : ['eq', 'ne', 'in'];
		case 'multi':
			return ['picked'];
		case 'checkbox':
			return ['eq'];
		case 'number':
		case 'date':
			return ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'];
		default:
			return ['eq', 'ne'];
	}
}

/** An option's value as stored (numbers stay numbers, as Form.io submits them). */
export function optionValue(target: ConditionTarget, value: string): Scalar {
	return target.numeric && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** A typed value: a number field's text as a number when it is one (else as typed, shown as it is). */
export function typedValue(target: ConditionTarget | undefined, text: string): Scalar {
	if (target?.kind === 'number' || (target?.kind === 'options' && target.numeric)) return optionValue(target, text);
	return text;
}

/** A new rule on `target`, keeping the comparison when it fits the new field. */
export function newRule(target: ConditionTarget, previous?: Rule): Rule {
	const ops = opsFor(target);
	const op = previous && ops.includes(previous.op) ? previous.op : (ops[0] as RuleOp);
	const first = target.options[0];
	let value: Scalar | Scalar[] = '';
	if (target.kind === 'checkbox') value = true;
	else if (op === 'in') value = first ? [optionValue(target, first.value)] : [];
	else if (first) value = optionValue(target, first.value);
	return { kind: 'rule', variable: target.variable, op, value, not: previous?.not ?? false };
}

// ---------- plain-language summary ----------

function optionLabel(target: ConditionTarget | undefined, value: Scalar, lang: Lang): string {
	const option = target?.options.find((o) => o.value === String(value));
	return option ? option.label[lang] || option.label.km || option.label.en || option.value : String(value);
}

/** The words of a comparison for a field (dates read "is before", tick boxes "is ticked"). */
export function opLabel(t: BuilderDictionary, target: ConditionTarget | undefined, op: RuleOp): string {
	if (target?.kind === 'date') return t.condition.dateOps[op] ?? t.condition.ops[op] ?? op;
	return t.condition.ops[op] ?? op;
}

function describeRule(r: Rule, targets: ConditionTarget[], t: BuilderDictionary, lang: Lang): string {
	const target = targets.find((x) => x.variable === r.variable);
	const field = `«${target?.label ?? r.variable}»`;
	if (target?.kind === 'checkbox' && r.op === 'eq') return `${field} ${r.value === false ? t.condition.unticked : t.condition.ticked}`;
	const value = Array.isArray(r.value) ? r.value.map((v) => optionLabel(target, v, lang)).join(', ') : optionLabel(target, r.value, lang);
	return `${field} ${opLabel(t, target, r.op)} ${value === '' ? '…' : value}`;
}

function describeNode(node: ConditionNode, targets: ConditionTarget[], t: BuilderDictionary, lang: Lang, nested: boolean): string {
	let text: string;
	if (node.kind === 'raw') text = t.condition.rawShort;
	else if (node.kind === 'rule') text = describeRule(node, targets, t, lang);
	else {
		const parts = node.items.map((n) => describeNode(n, targets, t, lang, true));
		text = parts.join(` ${node.join === 'all' ? t.condition.andWord : t.condition.orWord} `);
		if ((nested || node.not) && parts.length > 1) text = `(${text})`;
	}
	return node.kind !== 'raw' && node.not ? `${t.condition.notWord} ${text}` : text;
}

/** "«A» equals Yes and («B» is greater than 3 or not «C» picked …)": what the officer built, in words. */
export function describeCondition(root: Group, targets: ConditionTarget[], t: BuilderDictionary, lang: Lang): string {
	return describeNode(root, targets, t, lang, false);
}

// ---------- the component's condition ----------

export function conditionOf(c: FormioComponent): { root: Group; present: boolean } {
	const json = c.conditional?.json;
	const present = !(json === undefined || json === null || json === '');
	return { root: fromLogic(present ? json : null), present };
}

export function setCondition(c: FormioComponent, root: Group): void {
	const logic = toLogic(root);
	if (logic === null) delete c.conditional;
	else c.conditional = { json: logic };
}
