// The `$metadata` document (OData CSDL XML, v4.0) and the service document of a form's feed. Written by
// hand from the model: the document is small and fixed in shape, and every text that reaches it (labels)
// goes through one XML escape. Labels are Core.Description annotations, which Power BI shows as column
// descriptions.
import type { ODataModel } from './odata-model';

const CORE = 'Org.OData.Core.V1';
const CORE_URL = 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml';
/** The entity container's name (the service's one container). */
export const CONTAINER = 'SAStudio';

export function xmlEscape(text: string): string {
  // Characters XML 1.0 does not allow at all are dropped; the five specials are escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function metadataXml(model: ODataModel, formTitle: string): string {
  const ns = model.namespace;
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">',
    `<edmx:Reference Uri="${CORE_URL}"><edmx:Include Namespace="${CORE}" Alias="Core"/></edmx:Reference>`,
    '<edmx:DataServices>',
    `<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="${ns}">`,
  ];
  for (const set of model.sets) {
    lines.push(`<EntityType Name="${set.typeName}">`, '<Key><PropertyRef Name="__id"/></Key>');
    for (const p of set.properties) {
      const attrs = `Name="${p.name}" Type="${p.type}"${p.nullable ? '' : ' Nullable="false"'}`;
      lines.push(p.label ? `<Property ${attrs}><Annotation Term="Core.Description" String="${xmlEscape(p.label)}"/></Property>` : `<Property ${attrs}/>`);
    }
    lines.push('</EntityType>');
  }
  lines.push(`<EntityContainer Name="${CONTAINER}">`);
  for (const set of model.sets) lines.push(`<EntitySet Name="${set.name}" EntityType="${ns}.${set.typeName}"/>`);
  lines.push('</EntityContainer>');
  lines.push(`<Annotations Target="${ns}.${CONTAINER}"><Annotation Term="Core.Description" String="${xmlEscape(formTitle)}"/></Annotations>`);
  lines.push('</Schema>', '</edmx:DataServices>', '</edmx:Edmx>');
  return `${lines.join('\n')}\n`;
}

/** The service document: the entity sets, relative to the service root. */
export function serviceDocument(model: ODataModel, serviceRoot: string): Record<string, unknown> {
  return {
    '@odata.context': `${serviceRoot}$metadata`,
    value: model.sets.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
  };
}
