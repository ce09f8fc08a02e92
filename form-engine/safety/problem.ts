// Constructor for DefinitionProblem values, so every check builds them the same way.
import type { Bilingual, DefinitionProblem } from '../model/types';

export function problem(code: DefinitionProblem['code'], path: string, message: Bilingual): DefinitionProblem {
  return { code, path, message };
}

/** Joins path segments with dots, skipping empty ones (`properties.a.x-label`). */
export function joinPath(...segments: Array<string | number>): string {
  return segments.filter((s) => s !== '').join('.');
}
