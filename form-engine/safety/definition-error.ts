// Thrown when a definition (or a Form.io form converted into one) is refused; carries the
// problems so the API can answer INVALID_DEFINITION / UNSAFE_DEFINITION with paths.
import type { DefinitionProblem } from '../model/types';

export class DefinitionError extends Error {
  readonly code: DefinitionProblem['code'];

  constructor(readonly problems: DefinitionProblem[]) {
    const first = problems[0];
    super(first ? `${first.code} at ${first.path}: ${first.message.en}` : 'INVALID_DEFINITION');
    this.name = 'DefinitionError';
    this.code = problems.some((p) => p.code === 'UNSAFE_DEFINITION') ? 'UNSAFE_DEFINITION' : 'INVALID_DEFINITION';
  }
}
