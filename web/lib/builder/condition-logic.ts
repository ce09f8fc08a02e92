// Why: the builder edits "show only when" as a tree an officer can read (rules joined by "all of" /
// "any of", groups, a "not" per rule or group), while the form stores JSONLogic. This module is the
// exact, pure translation both ways. Whatever JSONLogic it cannot show as a rule or group is kept
// verbatim as a read-only `raw` node, so reading and writing a stored condition never loses a part.
export type Scalar = string | number | boolean;

export const RULE_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'picked'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte';

export interface Rule {
	kind: 'rule';
	/** Form.io variable: `data.<path>` or `row.<key>`. */
	variable: string;
	op: RuleOp;
	/** The value exactly as stored: a list for `in`, one value otherwise (JSON types kept). */
	value: Scalar | Scalar[];
	not: boolean;
}

export interface Group {
	kind: 'group';
	join: 'all' | 'any';
	not: boolean;
	items: ConditionNode[];
}

/** A part of a stored condition the editor cannot show: kept as it is, shown read-only. */
export interface Raw {
	kind: 'raw';
	logic: unknown;
}

export type ConditionNode = Rule | Group | Raw;

const COMPARE: Record<CompareOp, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };
const COMPARE_READ: Record<string, CompareOp | undefined> = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte' };

export const emptyRoot = (): Group => ({ kind: 'group', join: 'all', not: false, items: [] });

// ---------- model → JSONLogic ----------

function ruleLogic(rule: Rule): unknown {
	const v = { var: rule.variable };
	switch (rule.op) {
		case 'eq':
			return { '==': [v, rule.value] };
		case 'ne':
			return { '!=': [v, rule.value] };
		case 'in':
			return { in: [v, Array.isArray(rule.value) ? rule.value : [rule.value]] };
		case 'picked':
			return { in: [rule.value, v] };
		default:
			// An unanswered field is null ('' in Form.io) and JSONLogic reads null as 0: "less than 3"
			// would show the field before anything is chosen. Compare only answered values.
			return { and: [{ '!=': [v, null] }, { '!==': [v, ''] }, { [COMPARE[rule.op]]: [v, rule.value] }] };
	}
}

const negated = (logic: unknown, not: boolean): unknown => (not ? { '!': [logic] } : logic);

/** JSONLogic of one node; undefined for a group with nothing in it (it means nothing yet). */
export function nodeLogic(node: ConditionNode): unknown {
	if (node.kind === 'raw') return node.logic;
	if (node.kind === 'rule') return negated(ruleLogic(node), node.not);
	const items = node.items.map(nodeLogic).filter((x) => x !== undefined);
	if (!items.length) return undefined;
	return negated({ [node.join === 'all' ? 'and' : 'or']: items }, node.not);
}

/** The stored condition of a root group; null when it has no rule (the field is always shown). */
export function toLogic(root: Group): unknown | null {
	const items = root.items.map(nodeLogic).filter((x) => x !== undefined);
	if (!items.length) return null;
	// One rule needs no "all of": stored as the rule alone (as conditions were before groups).
	if (!root.not && items.length === 1) return items[0];
	return nodeLogic(root);
}

// ---------- JSONLogic → model ----------

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isScalar = (x: unknown): x is Scalar => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x)) || typeof x === 'boolean';

/** The single operation of a JSONLogic node with its argument list, or null. */
function operation(x: unknown): [string, unknown[]] | null {
	if (!isRecord(x)) return null;
	const keys = Object.keys(x);
	if (keys.length !== 1) return null;
	const args = x[keys[0] as string];
	return Array.isArray(args) ? [keys[0] as string, args] : null;
}

function varName(x: unknown): string | null {
	if (!isRecord(x) || Object.keys(x).length !== 1) return null;
	return typeof x.var === 'string' && x.var !== '' ? x.var : null;
}

function rule(variable: string, op: RuleOp, value: Scalar | Scalar[]): Rule {
	return { kind: 'rule', variable, op, value, not: false };
}

/** `{"and": [{"!=": [v, null]}, {"!==": [v, ""]}, {">": [v, 3]}]}`: a comparison of answered values. */
function guardedComparison(args: unknown[]): Rule | null {
	if (args.length !== 3) return null;
	const [a, b, c] = args.map(operation);
	if (!a || !b || !c || a[0] !== '!=' || b[0] !== '!==') return null;
	const op = COMPARE_READ[c[0]];
	const name = varName(c[1][0]);
	if (!op || !name || c[1].length !== 2 || a[1].length !== 2 || b[1].length !== 2) return null;
	if (varName(a[1][0]) !== name || a[1][1] !== null || varName(b[1][0]) !== name || b[1][1] !== '') return null;
	const value = c[1][1];
	return typeof value === 'number' || typeof value === 'string' ? rule(name, op, value) : null;
}

function simpleRule(symbol: string, args: unknown[]): Rule | null {
	if (args.length !== 2) return null;
	const [left, right] = args;
	const name = varName(left);
	if (name && (symbol === '==' || symbol === '!=') && isScalar(right)) return rule(name, symbol === '==' ? 'eq' : 'ne', right);
	if (symbol !== 'in') return null;
	if (name && Array.isArray(right) && right.every(isScalar)) return rule(name, 'in', right);
	const list = varName(right);
	if (list && (typeof left === 'string' || (typeof left === 'number' && Number.isFinite(left)))) return rule(list, 'picked', left);
	return null;
}

function parseNode(x: unknown): ConditionNode {
	const raw: Raw = { kind: 'raw', logic: x };
	const op = operation(x);
	if (!op) return raw;
	const [symbol, args] = op;
	if (symbol === '!') {
		if (args.length !== 1) return raw;
		const inner = parseNode(args[0]);
		return inner.kind !== 'raw' && !inner.not ? { ...inner, not: true } : raw;
	}
	if (symbol === 'and' || symbol === 'or') {
		const compared = symbol === 'and' ? guardedComparison(args) : null;
		if (compared) return compared;
		if (!args.length) return raw;
		return { kind: 'group', join: symbol === 'and' ? 'all' : 'any', not: false, items: args.map(parseNode) };
	}
	return simpleRule(symbol, args) ?? raw;
}

/** Reads a stored condition (Form.io variables) as the editor's root group. */
export function fromLogic(json: unknown): Group {
	if (json === undefined || json === null || json === '') return emptyRoot();
	const node = parseNode(json);
	return node.kind === 'group' ? node : { ...emptyRoot(), items: [node] };
}

/** True when every part of the condition is a rule or group the editor can change. */
export function isEditable(node: ConditionNode): boolean {
	return node.kind === 'rule' || (node.kind === 'group' && node.items.every(isEditable));
}
