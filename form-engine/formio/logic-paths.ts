// Form.io evaluates JSONLogic with `data` (root) and `row` (current repeat item) in scope, while
// definitions read root paths directly; these rewrite `var` names between the two conventions.
import { mapVars } from '../logic/walk';

export function toFormioLogic(logic: unknown): unknown {
  return mapVars(logic, (name) => (name.startsWith('row.') ? name : `data.${name}`));
}

export function fromFormioLogic(logic: unknown): unknown {
  return mapVars(logic, (name) => (name.startsWith('data.') ? name.slice('data.'.length) : name));
}
