// The full Cambodian gazetteer (25/210/1,652/14,578) through the import job on every engine, then a
// re-import of a modified copy: renames update, a dropped village is retired (its submissions still
// list), a new village is added. The slow test of the suite, so one per engine; it logs its timings.
import { randomUUID } from 'node:crypto';
import { dump, load } from 'js-yaml';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { gazetteerYaml, importAndWait } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

type Units = Record<string, { name: { km: string; latin: string } } & Record<string, unknown>>;

describe.each(engines)('full gazetteer on %s', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    // Imports run in the background past a test's end: each test gets an app of its own.
    t = await createTestApp(engine, {}, { reuse: false });
  });
  afterEach(async () => t.close());

  it('imports every unit in seconds, then updates, retires and adds on re-import', { timeout: 120_000 }, async () => {
    const yaml = await gazetteerYaml();
    let started = Date.now();
    const first = await importAndWait(t, yaml, 'text/yaml');
    const firstMs = Date.now() - started;
    expect(first.job).toMatchObject({ status: 'done', total: 16465, done: 16465, added: 16440, retired: 0, errors: [] });
    expect(first.job.updated + first.job.unchanged).toBe(25); // the shipped provinces
    // PGlite has one connection: polls wait for the import's transaction (see docs/geography.md).
    if (engine === 'postgres') expect(new Set(first.seen).size).toBeGreaterThan(2);
    const levels = await t.services.db
      .withTables<{ geo_unit: { level: string } }>()
      .selectFrom('geo_unit')
      .select(['level', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('level')
      .execute();
    expect(Object.fromEntries(levels.map((l) => [l.level, Number(l.n)]))).toEqual({ province: 25, district: 210, commune: 1652, village: 14578 });

    // A submission recorded at a village that the next gazetteer drops.
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    const id = randomUUID();
    const sub = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { geoCode } }', { i: { id, definitionKey: 'test-form', definitionVersion: 1, data: validAnswer, geoCode: '01020103' } });
    expect(sub.data.submit.geoCode).toBe('01020103');

    const docs = yaml.split(/^---$/m).filter((d) => d.trim()).map((d) => load(d) as Record<string, Units>);
    const communes = docs.find((d) => d.communes)!.communes!;
    const villages = docs.find((d) => d.villages)!.villages!;
    communes['010201']!.name.latin = 'Banteay Neang (renamed)';
    delete villages['01020103'];
    villages['01020199'] = { name: { km: 'ភូមិថ្មី', latin: 'Phum Thmei' }, administrative_unit: { km: 'ភូមិ', en: 'Village' } };
    const modified = docs.map((d) => `---\n${dump(d)}`).join('\n');

    started = Date.now();
    const second = await importAndWait(t, modified, 'text/yaml');
    const secondMs = Date.now() - started;
    expect(second.job).toMatchObject({ status: 'done', total: 16465, added: 1, updated: 1, unchanged: 16463, retired: 1 });
    console.log(`[timing] ${engine}: full gazetteer import ${firstMs} ms, re-import ${secondMs} ms`);

    const Q = '{ c: geoUnit(code: "010201") { nameEn } gone: geoUnit(code: "01020103") { retired } added: geoUnit(code: "01020199") { nameKm retired } kids: geoUnits(parent: "010201") { code } }';
    const res = (await t.gql(Q)).data;
    expect(res.c.nameEn).toBe('Banteay Neang (renamed)');
    expect(res.gone.retired).toBe(true);
    expect(res.added).toEqual({ nameKm: 'ភូមិថ្មី', retired: false });
    expect(res.kids.map((k: any) => k.code)).not.toContain('01020103');
    const listed = await t.gql('{ submissions(definitionKey: "test-form") { edges { node { id geoCode } } } }');
    expect(listed.data.submissions.edges.map((e: any) => e.node)).toEqual([{ id, geoCode: '01020103' }]);
  });
});
