// Why: officers add cross-field rules ("women ≤ total", "end on or after start") by point and click.
// A rule is the definition's `x-constraints` entry, kept in the component's `properties.constraints`
// (JSON, definition paths: `participants.total`, `row.planned` in a repeat) exactly as the engine's
// to-component.ts writes it, so fromFormio reads it back and the engine builds `validate.json`.
// The builder writes one shape: `{"or": [{"missing": [this, other]}, {"<=": [this, other]}]}`, so a
// rule holds while either answer is missing (a required field says "must answer" on its own).
import type { FormioComponent, FormioForm } from '$engine';
import type { Lang } from '$lib/i18n';
import { labelOf, locateAll, renamedLogic, type Bilingual, type Located } from './form-model';
import { paletteIdOf } from './palette';

export const RULE_OPS = ['le', 'lt', 'ge', 'gt', 'eq', 'ne'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export type RuleKind = 'number' | 'date';

const SYMBOL: Record<RuleOp, string> = { le: '<=', lt: '<', ge: '>=', gt: '>', eq: '==', ne: '!=' };
const OP_OF: Record<string, RuleOp> = { '<=': 'le', '<': 'lt', '>=': 'ge', '>': 'gt', '==': 'eq', '!=': 'ne' };

export interface StoredRule {
	rule: unknown;
	message: Bilingual;
}

/** A rule as the editor shows it; `simple` is null for a rule written elsewhere (kept as it is). */
export interface EditableRule {
	simple: { op: RuleOp; other: { field: string } | { value: string } } | null;
	message: Bilingual;
	stored: StoredRule;
}

export interface RuleTarget {
	/** Definition path: `total`, `participants.total`, `row.planned`. */
	name: string;
	label: Bilingual;
}

export function ruleKindOf(c: FormioComponent): RuleKind | null {
	const id = paletteIdOf(c);
	return id === 'number' ? 'number' : id === 'date' ? 'date' : null;
}

/** The name the rule of `at` uses for the field itself. */
export function selfName(at: Located): string {
	return at.repeatKey ? `row.${at.component.key}` : at.dataPath;
}

/** Fields of the same kind a rule of `at` may compare with: outside repeats, or in the same row. */
export function ruleTargets(form: FormioForm, at: Located, lang: Lang): RuleTarget[] {
	const kind = ruleKindOf(at.component);
	return locateAll(form)
		.filter((l) => l.component !== at.component && kind !== null && ruleKindOf(l.component) === kind)
		.filter((l) => !l.repeatKey || l.repeatKey === at.repeatKey)
		.map((l) => ({ name: selfName(l), label: labelOf(l.component, lang) }));
}

export function storedRules(c: FormioComponent): StoredRule[] {
	const raw = c.properties?.constraints;
	if (!raw) return [];
	try {
		const list = JSON.parse(raw) as unknown;
		return Array.isArray(list) ? (list as StoredRule[]) : [];
	} catch {
		return [];
	}
}

export function setStoredRules(c: FormioComponent, rules: StoredRule[]): void {
	const props = (c.properties ??= {});
	if (rules.length) props.constraints = JSON.stringify(rules);
	else delete props.constraints;
}

function typedValue(text: string, kind: RuleKind): string | number {
	const trimmed = text.trim();
	return kind === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

export function toRule(self: string, op: RuleOp, other: { field: string } | { value: string }, kind: RuleKind): unknown {
	if ('field' in other) return { or: [{ missing: [self, other.field] }, { [SYMBOL[op]]: [{ var: self }, { var: other.field }] }] };
	return { or: [{ missing: [self] }, { [SYMBOL[op]]: [{ var: self }, typedValue(other.value, kind)] }] };
}

/** Reads a rule written by toRule for `self`; null for anything else. */
export function fromRule(rule: unknown, self: string): EditableRule['simple'] {
	const parts = (rule as { or?: unknown } | null)?.or;
	if (!Array.isArray(parts) || parts.length !== 2) return null;
	const names = (parts[0] as { missing?: unknown } | null)?.missing;
	const compare = parts[1] as Record<string, unknown> | null;
	if (!Array.isArray(names) || names[0] !== self || !compare || typeof compare !== 'object') return null;
	const entries = Object.entries(compare);
	if (entries.length !== 1) return null;
	const [symbol, args] = entries[0] as [string, unknown];
	const op = OP_OF[symbol];
	if (!op || !Array.isArray(args) || args.length !== 2 || (args[0] as { var?: unknown })?.var !== self) return null;
	const right = args[1] as { var?: unknown } | string | number;
	if (typeof right === 'object' && right !== null && typeof right.var === 'string') {
		return names.length === 2 && names[1] === right.var ? { op, other: { field: right.var } } : null;
	}
	if ((typeof right === 'string' || typeof right === 'number') && names.length === 1) return { op, other: { value: String(right) } };
	return null;
}

export function editableRules(c: FormioComponent, self: string): EditableRule[] {
	return storedRules(c).map((stored) => ({ simple: fromRule(stored.rule, self), message: stored.message, stored }));
}

// Prefilled messages, in both languages whatever the builder's language: the officer edits them.
const MESSAGES: Record<RuleKind, Record<RuleOp, Bilingual>> = {
	number: {
		le: { en: 'Must be at most {other}', km: 'ត្រូវតែមិនលើសពី {other}' },
		lt: { en: 'Must be less than {other}', km: 'ត្រូវតែតិចជាង {other}' },
		ge: { en: 'Must be at least {other}', km: 'ត្រូវតែយ៉ាងតិច {other}' },
		gt: { en: 'Must be more than {other}', km: 'ត្រូវតែច្រើនជាង {other}' },
		eq: { en: 'Must be equal to {other}', km: 'ត្រូវតែស្មើនឹង {other}' },
		ne: { en: 'Must not be equal to {other}', km: 'មិនត្រូវស្មើនឹង {other}' },
	},
	date: {
		le: { en: 'Must be on or before {other}', km: 'ត្រូវតែនៅថ្ងៃ ឬមុនថ្ងៃ {other}' },
		lt: { en: 'Must be before {other}', km: 'ត្រូវតែមុនថ្ងៃ {other}' },
		ge: { en: 'Must be on or after {other}', km: 'ត្រូវតែនៅថ្ងៃ ឬក្រោយថ្ងៃ {other}' },
		gt: { en: 'Must be after {other}', km: 'ត្រូវតែក្រោយថ្ងៃ {other}' },
		eq: { en: 'Must be the same day as {other}', km: 'ត្រូវតែជាថ្ងៃដូចគ្នានឹង {other}' },
		ne: { en: 'Must not be the same day as {other}', km: 'មិនត្រូវជាថ្ងៃដូចគ្នានឹង {other}' },
	},
};

/** The message a new or changed rule starts with: "Must be at most <Total>" in Khmer and English. */
export function defaultMessage(kind: RuleKind, op: RuleOp, other: Bilingual): Bilingual {
	const m = MESSAGES[kind][op];
	return { en: m.en.replace('{other}', other.en || other.km), km: m.km.replace('{other}', other.km || other.en) };
}

/** Whether `message` is one the editor prefilled (so changing the rule may replace it). */
export function isDefaultMessage(kind: RuleKind, message: Bilingual): boolean {
	return RULE_OPS.some((op) => {
		const m = MESSAGES[kind][op];
		const [en0, en1] = m.en.split('{other}') as [string, string];
		const [km0, km1] = m.km.split('{other}') as [string, string];
		return message.en.startsWith(en0) && message.en.endsWith(en1) && message.km.startsWith(km0) && message.km.endsWith(km1);
	});
}

/** Points rules that read `from` (definition path, or under it) at `to`, after a data name changed. */
export function renameRuleVars(form: { components: FormioComponent[] }, from: string, to: string): void {
	const swap = (node: unknown) => renamedLogic(node, from, to);
	for (const l of locateAll(form)) {
		const rules = storedRules(l.component);
		if (rules.length) setStoredRules(l.component, rules.map((r) => ({ rule: swap(r.rule), message: r.message })));
	}
}
