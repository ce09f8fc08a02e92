// Which of our validation errors Form.io can also detect. Data whose errors all fall outside this
// set is left out of the verdict-equality corpus (see docs/definition-format.md "Validation verdict").
import { compileDefinition, flattenNodes, type Definition, type ValidationError } from '../../../../form-engine/index';

/** Keywords Form.io has no validation for: strict JSON types, unknown keys, calendar dates, list sizes. */
const NOT_EXPRESSIBLE = new Set(['type', 'additionalProperties', 'format', 'uniqueItems', 'minItems', 'maxItems']);

function nodeAt(definition: Definition, path: string) {
  const generic = path.replace(/\.\d+(?=\.|$)/g, '[]');
  return flattenNodes(compileDefinition(definition)).find((n) => n.path === generic);
}

export function formioCanExpress(definition: Definition, error: ValidationError): boolean {
  if (NOT_EXPRESSIBLE.has(error.keyword)) return false;
  const node = nodeAt(definition, error.path) ?? nodeAt(definition, error.path.replace(/\.\d+$/, ''));
  // Form.io's checkbox, container and datagrid always submit a value (false, {}, []).
  if (error.keyword === 'required' && node && ['checkbox', 'group', 'repeat'].includes(node.widget)) return false;
  // onlyAvailableItems skips numbers: lodash isEmpty(7) is true, so integer options are only enforced by the UI.
  if (error.keyword === 'enum' && node?.type === 'integer') return false;
  // Calculations the author got wrong, not answers: a calculation that yields NaN (Form.io keeps
  // NaN as a value, the server drops it, so `required` differs) and a calculated value out of
  // bounds inside a repeat row (Form.io does not validate it there). Found when the corpus grew.
  if (node?.calculate && (error.keyword === 'required' || node.inRepeat)) return false;
  return true;
}

/** True when the datum is in the corpus: valid, or at least one error Form.io can express. */
export function inVerdictCorpus(definition: Definition, errors: ValidationError[]): boolean {
  return errors.length === 0 || errors.some((e) => formioCanExpress(definition, e));
}
