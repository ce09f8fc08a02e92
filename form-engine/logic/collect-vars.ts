// Lists what a JSONLogic expression reads and which operations it uses, for diffs and for the
// safety check (operations outside the allow-list).
import { ALLOWED_OPERATIONS } from './operations';
import { walkLogic } from './walk';

/** Data paths read by `var` (outside map/filter/reduce item scopes), sorted and de-duplicated. */
export function collectVars(logic: unknown): string[] {
  const vars = new Set<string>();
  walkLogic(logic, (operator, args, _path, scoped) => {
    if (operator !== 'var' || scoped) return;
    const name = args[0];
    if (typeof name === 'string' && name !== '') vars.add(name);
    if (typeof name === 'number') vars.add(String(name));
  });
  return [...vars].sort();
}

/** Paths (relative to the logic root, e.g. `.and.0.log`) of operations outside the allow-list. */
export function disallowedOperations(logic: unknown): Array<{ operator: string; path: string }> {
  const found: Array<{ operator: string; path: string }> = [];
  walkLogic(logic, (operator, _args, path) => {
    if (!ALLOWED_OPERATIONS.has(operator)) found.push({ operator, path });
  });
  return found;
}
