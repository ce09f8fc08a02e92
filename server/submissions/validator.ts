// The server's single form-engine validator (validators compiled once per key@version).
import { createValidator } from '../../form-engine/index';

export type SubmissionValidator = ReturnType<typeof createValidator>;

export function createSubmissionValidator(): SubmissionValidator {
  return createValidator();
}
