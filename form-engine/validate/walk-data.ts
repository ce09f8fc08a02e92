// Walks submission data alongside the compiled field tree (groups, repeat rows), giving each
// visitor the object that holds the field, its dotted path and the current repeat row.
import type { FieldNode } from '../compile/field-node';
import { LIMITS } from '../model/limits';

export type DataObject = Record<string, unknown>;

export interface FieldVisit {
  node: FieldNode;
  holder: DataObject | undefined;
  path: string;
  row: DataObject | undefined;
}

/** Return false to skip the field's children. */
export type FieldVisitor = (visit: FieldVisit) => boolean | void;

export function isObject(value: unknown): value is DataObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function walkData(
  nodes: readonly FieldNode[],
  holder: DataObject | undefined,
  visitor: FieldVisitor,
  prefix = '',
  row?: DataObject,
): void {
  for (const node of nodes) {
    const path = prefix ? `${prefix}.${node.key}` : node.key;
    if (visitor({ node, holder, path, row }) === false) continue;
    const value = holder && Object.hasOwn(holder, node.key) ? holder[node.key] : undefined;
    if (node.widget === 'group') walkData(node.children, isObject(value) ? value : undefined, visitor, path, row);
    if (node.widget === 'repeat' && Array.isArray(value)) {
      // Rows beyond the limit are not cleaned: Ajv refuses them (maxItems, see data-schema.ts).
      const rows = Math.min(value.length, LIMITS.repeatRows);
      for (let i = 0; i < rows; i++) {
        const item: unknown = value[i];
        if (isObject(item)) walkData(node.children, item, visitor, `${path}.${i}`, item);
      }
    }
  }
}
