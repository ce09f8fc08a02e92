// Compiles a definition into an ordered FieldNode tree (sections, x-order, repeat items resolved).
import type { Definition, FieldSchema, ObjectSchema } from '../model/types';
import { widgetOf } from '../model/widgets';
import { constraintsOf } from './constraints';
import type { FieldNode } from './field-node';
import { optionsOf } from './options';
import { orderedKeys } from './order';

interface Parent {
  properties: Record<string, FieldSchema>;
  required?: string[];
  'x-order'?: string[];
}

/** Root display order: sections first (in order), then x-order, then declaration order. */
export function rootOrder(definition: Definition): Array<{ key: string; section?: string }> {
  const sections = definition['x-sections'];
  if (!sections) return orderedKeys(definition.properties, definition['x-order']).map((key) => ({ key }));
  const placed = sections.flatMap((s) => s.fields.filter((k) => Object.hasOwn(definition.properties, k)).map((key) => ({ key, section: s.key })));
  const placedKeys = new Set(placed.map((p) => p.key));
  const rest = Object.keys(definition.properties).filter((k) => !placedKeys.has(k));
  return [...placed, ...rest.map((key) => ({ key }))];
}

function compileField(key: string, field: FieldSchema, required: ReadonlySet<string>, prefix: string, inRepeat: boolean): FieldNode {
  const path = prefix ? `${prefix}.${key}` : key;
  const widget = widgetOf(field);
  const node: FieldNode = {
    key,
    path,
    widget,
    type: field.type,
    label: field['x-label'],
    required: required.has(key),
    constraints: constraintsOf(field),
    children: [],
    inRepeat,
    schema: field,
  };
  if (field['x-help']) node.help = field['x-help'];
  if (field['x-visible-when']) node.visibleWhen = field['x-visible-when'];
  if (field['x-calculate']) node.calculate = field['x-calculate'];
  if (field['x-constraints']) node.rules = field['x-constraints'];
  if (field.default !== undefined) node.defaultValue = field.default;
  if (field['x-geo-level']) node.geoLevel = field['x-geo-level'];
  if (field['x-provider-kind']) node.providerKind = field['x-provider-kind'];
  const options = optionsOf(field);
  if (options) node.options = options;
  if (field['x-choice-filter']) node.choiceFilter = field['x-choice-filter'];
  if (widget === 'group' && field.properties) node.children = compileChildren(field as Parent, path, inRepeat);
  if (widget === 'repeat' && field.items && 'properties' in field.items) {
    node.children = compileChildren(field.items as ObjectSchema, `${path}[]`, true);
  }
  return node;
}

function compileChildren(parent: Parent, prefix: string, inRepeat: boolean): FieldNode[] {
  const required = new Set(parent.required);
  return orderedKeys(parent.properties, parent['x-order']).map((key) =>
    compileField(key, parent.properties[key] as FieldSchema, required, prefix, inRepeat),
  );
}

export function compileDefinition(definition: Definition): FieldNode[] {
  const required = new Set(definition.required);
  return rootOrder(definition).map(({ key, section }) => {
    const node = compileField(key, definition.properties[key] as FieldSchema, required, '', false);
    if (section) node.section = section;
    return node;
  });
}

/** Every node of the tree, depth-first in display order. */
export function flattenNodes(nodes: readonly FieldNode[]): FieldNode[] {
  return nodes.flatMap((node) => [node, ...flattenNodes(node.children)]);
}
