// The rules of OData CSDL XML 4.0 (OASIS, part 3) that a `$metadata` document of ours can break, as a
// checker that returns what it finds wrong (empty when the document is sound). It reads the XML with
// fast-xml-parser and checks: the Edmx root and its version, the edm/edmx namespaces, identifier syntax
// (SimpleIdentifier, ≤ 128 characters; Namespace), reserved namespaces and aliases, unique names per
// scope, keys that name non-nullable primitive properties of their own type, property types that are
// Edm primitives or declared types, one entity container whose sets name declared entity types, and
// annotations whose term's namespace or alias is included and whose target exists.
import { XMLParser } from 'fast-xml-parser';

const EDMX = 'http://docs.oasis-open.org/odata/ns/edmx';
const EDM = 'http://docs.oasis-open.org/odata/ns/edm';
const SIMPLE = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}$/u;
const RESERVED = new Set(['Edm', 'odata', 'System', 'Transient']);
const PRIMITIVES = new Set(['Binary', 'Boolean', 'Byte', 'Date', 'DateTimeOffset', 'Decimal', 'Double', 'Duration', 'Guid', 'Int16', 'Int32', 'Int64', 'SByte', 'Single', 'Stream', 'String', 'TimeOfDay', 'Geography', 'Geometry'].map((t) => `Edm.${t}`));

type El = Record<string, unknown>;
const list = (value: unknown): El[] => (value === undefined ? [] : Array.isArray(value) ? (value as El[]) : [value as El]);
const attr = (el: El, name: string): string | undefined => el[`@_${name}`] as string | undefined;

export function checkCsdl(xml: string): string[] {
  const problems: string[] = [];
  const fail = (text: string) => problems.push(text);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false, allowBooleanAttributes: false }).parse(xml, true) as El;
  const root = doc['edmx:Edmx'] as El | undefined;
  if (!root) return ['the root element is not edmx:Edmx'];
  if (attr(root, 'xmlns:edmx') !== EDMX) fail('edmx namespace');
  if (attr(root, 'Version') !== '4.0') fail('Edmx Version is not 4.0');
  const includes = new Map<string, string>(); // alias or namespace → namespace
  for (const ref of list(root['edmx:Reference'])) {
    if (!attr(ref, 'Uri')) fail('Reference without Uri');
    const inc = list(ref['edmx:Include']);
    if (inc.length === 0) fail('Reference without Include');
    for (const i of inc) {
      const ns = attr(i, 'Namespace') ?? '';
      const alias = attr(i, 'Alias');
      if (!ns) fail('Include without Namespace');
      includes.set(ns, ns);
      if (alias) {
        if (!SIMPLE.test(alias) || RESERVED.has(alias)) fail(`bad alias ${alias}`);
        includes.set(alias, ns);
      }
    }
  }
  const services = list(root['edmx:DataServices']);
  if (services.length !== 1) return [...problems, 'not exactly one DataServices'];
  const schemas = list(services[0]!.Schema);
  if (schemas.length === 0) fail('no Schema');
  const entityTypes = new Map<string, El>();
  const containers: Array<{ ns: string; el: El }> = [];
  for (const schema of schemas) {
    if (attr(schema, 'xmlns') !== EDM) fail('Schema is not in the edm namespace');
    const ns = attr(schema, 'Namespace') ?? '';
    if (!ns.split('.').every((part) => SIMPLE.test(part)) || ns.length > 511) fail(`bad Namespace ${ns}`);
    if (RESERVED.has(ns)) fail(`reserved Namespace ${ns}`);
    includes.set(ns, ns);
    const names = new Set<string>();
    for (const type of list(schema.EntityType)) {
      const name = attr(type, 'Name') ?? '';
      if (!SIMPLE.test(name)) fail(`bad EntityType name ${name}`);
      if (names.has(name)) fail(`duplicate schema child ${name}`);
      names.add(name);
      entityTypes.set(`${ns}.${name}`, type);
    }
    for (const c of list(schema.EntityContainer)) {
      const name = attr(c, 'Name') ?? '';
      if (!SIMPLE.test(name)) fail(`bad EntityContainer name ${name}`);
      if (names.has(name)) fail(`duplicate schema child ${name}`);
      names.add(name);
      containers.push({ ns, el: c });
    }
  }
  for (const [qualified, type] of entityTypes) {
    const props = new Map<string, El>();
    for (const p of list(type.Property)) {
      const name = attr(p, 'Name') ?? '';
      if (!SIMPLE.test(name)) fail(`${qualified}: bad property name ${name}`);
      if (props.has(name)) fail(`${qualified}: duplicate property ${name}`);
      props.set(name, p);
      const t = attr(p, 'Type') ?? '';
      if (!PRIMITIVES.has(t) && !entityTypes.has(t)) fail(`${qualified}.${name}: unknown type ${t}`);
      const nullable = attr(p, 'Nullable');
      if (nullable !== undefined && nullable !== 'true' && nullable !== 'false') fail(`${qualified}.${name}: Nullable is ${nullable}`);
      for (const a of list(p.Annotation)) checkAnnotation(a, `${qualified}.${name}`);
    }
    const keys = list(type.Key);
    if (keys.length !== 1) fail(`${qualified}: not exactly one Key`);
    for (const ref of list(keys[0]?.PropertyRef)) {
      const name = attr(ref, 'Name') ?? '';
      const p = props.get(name);
      if (!p) fail(`${qualified}: key ${name} is not a property`);
      else {
        if (attr(p, 'Nullable') !== 'false') fail(`${qualified}: key ${name} is nullable`);
        if (!PRIMITIVES.has(attr(p, 'Type') ?? '') || attr(p, 'Type') === 'Edm.Stream') fail(`${qualified}: key ${name} is not a primitive`);
      }
    }
  }
  if (containers.length !== 1) fail('not exactly one EntityContainer');
  const targets = new Set<string>(entityTypes.keys());
  for (const { ns, el } of containers) {
    targets.add(`${ns}.${attr(el, 'Name')}`);
    const sets = new Set<string>();
    for (const s of list(el.EntitySet)) {
      const name = attr(s, 'Name') ?? '';
      if (!SIMPLE.test(name)) fail(`bad EntitySet name ${name}`);
      if (sets.has(name)) fail(`duplicate EntitySet ${name}`);
      sets.add(name);
      if (!entityTypes.has(attr(s, 'EntityType') ?? '')) fail(`EntitySet ${name}: unknown EntityType ${attr(s, 'EntityType')}`);
    }
  }
  for (const schema of schemas) {
    for (const group of list(schema.Annotations)) {
      const target = attr(group, 'Target') ?? '';
      if (!targets.has(target)) fail(`Annotations target ${target} does not exist`);
      for (const a of list(group.Annotation)) checkAnnotation(a, target);
    }
  }
  return problems;

  function checkAnnotation(a: El, where: string): void {
    const term = attr(a, 'Term') ?? '';
    const at = term.lastIndexOf('.');
    const qualifier = term.slice(0, at);
    if (at < 1 || !SIMPLE.test(term.slice(at + 1))) fail(`${where}: bad term ${term}`);
    else if (!includes.has(qualifier)) fail(`${where}: term ${term} from a namespace not included`);
    if (attr(a, 'String') === undefined) fail(`${where}: annotation without a value`);
  }
}
