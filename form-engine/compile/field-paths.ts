// Lists the leaf data paths of a definition (what indicators and data tables can read).
import type { JsonType, LocalizedText, Widget } from '../model/types';
import type { FieldOption } from './field-node';
import type { Definition } from '../model/types';
import { compileDefinition, flattenNodes } from './compile';

export interface FieldPath {
  /** Dotted path; fields of repeat items appear as `actions[].status`. */
  path: string;
  widget: Widget;
  type: JsonType;
  label: LocalizedText;
  /** Path of the enclosing repeat, for fields of repeat items. */
  repeat?: string;
  /** The options of a choice field, with their labels. */
  options?: FieldOption[];
}

export function fieldPaths(definition: Definition): FieldPath[] {
  return flattenNodes(compileDefinition(definition))
    .filter((n) => n.widget !== 'group' && n.widget !== 'repeat')
    .map((n) => {
      const entry: FieldPath = { path: n.path, widget: n.widget, type: n.type, label: n.label, ...(n.options ? { options: n.options } : {}) };
      const at = n.path.lastIndexOf('[]');
      if (at >= 0) entry.repeat = n.path.slice(0, at);
      return entry;
    });
}
