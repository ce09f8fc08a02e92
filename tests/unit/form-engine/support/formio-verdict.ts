// Runs Form.io's own validation engine (@formio/core) headlessly. formio.js 5 validates each
// component with processOneSync({processors: [validateProcessInfo]}) after calculating values and
// evaluating conditions; ProcessTargets.evaluator is that same pipeline without a DOM:
// calculate → logic → conditions → clearHidden → validate.
import { processSync, ProcessTargets } from '@formio/core/process';
import type { FormioForm } from '../../../../form-engine/index';

export function formioErrors(form: FormioForm, data: unknown): Array<{ path: string; message: string }> {
  const context = {
    form,
    components: form.components,
    data: structuredClone(data ?? {}) as Record<string, unknown>,
    scope: { errors: [] as Array<{ context: { path: string }; errorKeyOrMessage: string }> },
    processors: ProcessTargets.evaluator,
  };
  processSync(context as unknown as Parameters<typeof processSync>[0]);
  return context.scope.errors.map((e) => ({ path: e.context.path, message: e.errorKeyOrMessage }));
}
