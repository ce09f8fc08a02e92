// Tells whether a JSONLogic expression may read the current repeat row (`row.x`, the whole
// context, a computed `var` name, `missing`). One that cannot gives the same value for every row
// of a repeat, so the validator evaluates it once per data state instead of once per row.
import { walkLogic } from './walk';

const cache = new WeakMap<object, boolean>();

function isRowName(name: unknown): boolean {
  if (typeof name === 'number') return false;
  if (typeof name !== 'string') return true; // computed at run time: could be anything
  return name === '' || name === 'row' || name.startsWith('row.');
}

export function readsRow(logic: unknown): boolean {
  if (typeof logic !== 'object' || logic === null) return false;
  const known = cache.get(logic);
  if (known !== undefined) return known;
  let reads = false;
  walkLogic(logic, (operator, args, _path, scoped) => {
    if (operator === 'missing' || operator === 'missing_some') reads = true;
    else if (operator === 'var' && !scoped && isRowName(args[0])) reads = true;
  });
  cache.set(logic, reads);
  return reads;
}
