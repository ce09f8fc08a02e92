// Runs Form.io's own validation engine (@formio/core) headlessly. formio.js 5 validates each
// component with processOneSync({processors: [validateProcessInfo]}) after calculating values and
// evaluating conditions; ProcessTargets.evaluator is that same pipeline without a DOM:
// calculate → logic → conditions → clearHidden → validate.
import { processSync, ProcessTargets } from '@formio/core/process';
import { jsonLogic } from '@formio/core/utils';
import { registerCalculationOperations, type FormioComponent, type FormioForm } from '../../../../form-engine/index';

// The named calculation operations, as the fill page registers them on formio.js's jsonLogic.
registerCalculationOperations(jsonLogic);

type Holder = Record<string, unknown>;

/**
 * A calculated field holds only what its calculation gave: formio.js empties it when the
 * calculation gives nothing (null), where @formio/core's headless calculate keeps the value it was
 * handed. So a value sent for a calculated field is replaced by nothing (null) first, as in the browser.
 */
function forgetCalculated(components: readonly FormioComponent[], holder: Holder): void {
  for (const c of components) {
    if (c.type === 'panel') forgetCalculated(c.components ?? [], holder);
    else if (c.calculateValue !== undefined && Object.hasOwn(holder, c.key)) holder[c.key] = null;
    else if (c.type === 'container' && holder[c.key] && typeof holder[c.key] === 'object') forgetCalculated(c.components ?? [], holder[c.key] as Holder);
    else if (c.type === 'datagrid' && Array.isArray(holder[c.key])) {
      for (const row of holder[c.key] as unknown[]) if (row && typeof row === 'object') forgetCalculated(c.components ?? [], row as Holder);
    }
  }
}

export function formioErrors(form: FormioForm, data: unknown): Array<{ path: string; message: string }> {
  const held = structuredClone(data ?? {}) as Holder;
  if (held && typeof held === 'object' && !Array.isArray(held)) forgetCalculated(form.components, held);
  const context = {
    form,
    components: form.components,
    data: held,
    scope: { errors: [] as Array<{ context: { path: string }; errorKeyOrMessage: string }> },
    processors: ProcessTargets.evaluator,
  };
  processSync(context as unknown as Parameters<typeof processSync>[0]);
  return context.scope.errors.map((e) => ({ path: e.context.path, message: e.errorKeyOrMessage }));
}
