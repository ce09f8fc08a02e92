// Form.io form JSON (from the visual builder) → definition. Refuses executable content first,
// then refuses anything that is not a valid definition, so the result can be stored as is.
import type { Definition, FieldSchema, Section } from '../model/types';
import { checkDefinition } from '../safety/check-definition';
import { checkDefinitionSize, FORMIO_CAPS } from '../safety/check-limits';
import { checkFormioSafety } from '../safety/check-formio';
import { DefinitionError } from '../safety/definition-error';
import { problem } from '../safety/problem';
import { readLocalized } from './localized-properties';
import { readObject, UnsupportedComponentError } from './from-component';
import type { FormioComponent, FormioForm } from './types';

function readSections(panels: FormioComponent[], locale: string): Section[] {
  return panels.map((panel) => {
    const props = panel.properties ?? {};
    const title = readLocalized(props, 'title', panel.title ?? panel.label, locale);
    const help = readLocalized(props, 'help', undefined, locale);
    return {
      key: panel.key,
      title: title as Section['title'],
      ...(help ? { help } : {}),
      fields: (panel.components ?? []).map((c) => c.key),
    };
  });
}

function convert(form: FormioForm): Definition {
  const props = form.properties ?? {};
  const locale = props.locale ?? 'en';
  const root = form.components ?? [];
  const panels = root.filter((c) => c.type === 'panel');
  const placed = root.flatMap((c, i) =>
    c.type === 'panel' ? (c.components ?? []).map((f, j) => ({ f, path: `components.${i}.components.${j}` })) : [{ f: c, path: `components.${i}` }],
  );
  const object = readObject(
    placed.map((p) => p.f),
    { ...props, additionalProperties: 'false' },
    { locale, path: 'components' },
    placed.map((p) => p.path),
  );
  const title = readLocalized(props, 'title', form.title, locale);
  const description = readLocalized(props, 'description', undefined, locale);
  const definition: Record<string, unknown> = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    'x-kind': props.kind ?? 'form',
    'x-title': title,
    ...(description ? { 'x-description': description } : {}),
    ...(panels.length ? { 'x-sections': readSections(panels, locale) } : {}),
    ...object,
    properties: object.properties as Record<string, FieldSchema>,
  };
  return definition as unknown as Definition;
}

export function fromFormio(form: unknown): Definition {
  // Size caps first: the safety walk and the conversion below recurse.
  const oversize = checkDefinitionSize(form, FORMIO_CAPS);
  if (oversize.length) throw new DefinitionError(oversize);
  const unsafe = checkFormioSafety(form);
  if (unsafe.length) throw new DefinitionError(unsafe);
  let definition: Definition;
  try {
    definition = convert(form as FormioForm);
  } catch (error) {
    if (!(error instanceof UnsupportedComponentError)) throw error;
    throw new DefinitionError([
      problem('INVALID_DEFINITION', error.path, {
        en: `Unsupported component type "${error.componentType}"`,
        km: `ប្រភេទធាតុ "${error.componentType}" មិនត្រូវបានគាំទ្រ`,
      }),
    ]);
  }
  const problems = checkDefinition(definition);
  if (problems.length) throw new DefinitionError(problems);
  return definition;
}
