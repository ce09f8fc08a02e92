// Definition → Form.io form JSON that formio.js 5 renders. Only declarative Form.io features are
// emitted (JSONLogic conditions/calculations, static values): never custom JS, URLs or HTML.
import { compileDefinition } from '../compile/compile';
import type { FieldNode } from '../compile/field-node';
import { localize } from '../i18n/localize';
import type { Definition, Section } from '../model/types';
import { writeLocalized } from './localized-properties';
import { objectHints, toComponent } from './to-component';
import type { FormioComponent, FormioForm } from './types';

function toPanel(section: Section, nodes: FieldNode[], locale: string): FormioComponent {
  return {
    type: 'panel',
    key: section.key,
    title: localize(section.title, locale),
    label: localize(section.title, locale),
    input: false,
    collapsible: false,
    properties: { ...writeLocalized('title', section.title), ...writeLocalized('help', section.help) },
    components: nodes.filter((n) => n.section === section.key).map((n) => toComponent(n, locale)),
  };
}

export function toFormio(definition: Definition, locale: string): FormioForm {
  const nodes = compileDefinition(definition);
  const sections = definition['x-sections'];
  const components = sections
    ? sections.map((section) => toPanel(section, nodes, locale))
    : nodes.map((node) => toComponent(node, locale));
  return {
    display: 'form',
    title: localize(definition['x-title'], locale),
    properties: {
      kind: definition['x-kind'],
      locale,
      ...writeLocalized('title', definition['x-title']),
      ...writeLocalized('description', definition['x-description']),
      ...objectHints(definition),
    },
    components,
  };
}
