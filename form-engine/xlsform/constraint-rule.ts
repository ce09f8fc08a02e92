// Why: an XLSForm constraint that reads other fields is a cross-field rule (`x-constraints`), and
// the two sides mean "unanswered" differently. ODK checks a constraint only once its question is
// answered and spells "no answer" `${x} = ''`; SA Studio checks a rule whether or not the field is
// answered, on cleaned data where an unanswered field is absent (null, and null == '' is false in
// JSONLogic). So the import guards the rule with `missing` of the field itself and reads `= ''` as
// `missing`; the export drops that guard again and writes `missing` as `= ''`.
import type { FieldConstraint, JsonLogic } from '../model/types';

type Logic = JsonLogic | string | number | boolean;

function varName(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const name = (node as { var?: unknown }).var;
  return typeof name === 'string' ? name : undefined;
}

/** `{"==": [{"var": x}, ""]}` → `{"missing": [x]}` and `!=` → its negation, anywhere in the rule. */
function emptyAsMissing(logic: unknown, isMulti: (path: string) => boolean): unknown {
  if (Array.isArray(logic)) return logic.map((item) => emptyAsMissing(item, isMulti));
  if (typeof logic !== 'object' || logic === null) return logic;
  const [op, args] = Object.entries(logic)[0] ?? [];
  if ((op === '==' || op === '!=') && Array.isArray(args) && args.length === 2) {
    const name = args[1] === '' ? varName(args[0]) : args[0] === '' ? varName(args[1]) : undefined;
    // A multiple choice left empty is [] in Form.io, which `missing` does not count: kept as written.
    if (name !== undefined && !isMulti(name)) return op === '==' ? { missing: [name] } : { '!': { missing: [name] } };
  }
  return Object.fromEntries(Object.entries(logic).map(([k, v]) => [k, emptyAsMissing(v, isMulti)]));
}

/** The imported constraint as a rule: holds while the field is unanswered, as in ODK. */
export function ruleFromXPath(logic: Logic, self: string, isMulti: (path: string) => boolean): JsonLogic {
  const body = typeof logic === 'object' ? (emptyAsMissing(logic, isMulti) as JsonLogic) : { '!!': [logic] };
  return { or: [{ missing: [self] }, body] };
}

/** The rule as ODK reads it: without the guard on the field itself (ODK checks answered fields only). */
export function ruleForXPath(constraint: FieldConstraint, self: string): unknown {
  const rule = constraint.rule;
  const parts = Array.isArray(rule.or) ? (rule.or as unknown[]) : undefined;
  const guard = parts?.[0] as { missing?: unknown } | undefined;
  if (!parts || parts.length !== 2 || !guard || !Array.isArray(guard.missing) || !guard.missing.includes(self)) return rule;
  const others = guard.missing.filter((name) => name !== self);
  return others.length ? { or: [{ missing: others }, parts[1]] } : parts[1];
}
