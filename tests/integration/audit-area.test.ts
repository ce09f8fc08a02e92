// The audit log limited to the reader's area (issue 8): entries of submissions carry their place, a
// district-level reader sees only their area's entries and before/after data, entries about area-less
// things (definitions) stay visible, and the migration backfills the place of older entries.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { up as addAuditPlace } from '../../migrations/20261201030100_add_audit_event_geo_code';
import { createTestApp, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { simpleForm, validAnswer } from '../fixtures/simple-form';
import { importSmallGeo, userWith } from './geo-helpers';

const engines = await testEngines();
afterAll(closeSharedPglite);

const LOG = 'query($f: AuditFilter) { auditLog(first: 500, filter: $f) { edges { node { action entity entityId before after } } } }';
const UPDATE = 'mutation($id: ID!, $d: JSON!) { updateSubmission(id: $id, data: $d) { geoCode } }';

interface Entry {
  action: string;
  entity: string;
  entityId: string;
  before: { name?: string; commune?: string } | null;
  after: { name?: string; commune?: string } | null;
}

describe.each(engines)('audit log by area on %s', (engine) => {
  let t: TestApp;
  let reader: string;
  const submit = async (data: unknown) => {
    const id = randomUUID();
    const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id, definitionKey: 'test-form', definitionVersion: 1, data } });
    expect(res.errors).toBeUndefined();
    return id;
  };
  const log = async (token: string, f: Record<string, string> = {}): Promise<Entry[]> => {
    const res = await t.gql(LOG, { f }, token);
    expect(res.errors).toBeUndefined();
    return res.data.auditLog.edges.map((e: { node: Entry }) => e.node);
  };

  beforeEach(async () => {
    t = await createTestApp(engine);
    await importSmallGeo(t);
    await t.gql('mutation($s: JSON!) { saveDraft(key: "test-form", schema: $s) { version } }', { s: simpleForm });
    await t.gql('mutation { publish(key: "test-form") { version } }');
    // A national officer whose grant is one district: audit.read with area reach.
    reader = await userWith(t, 'district-reader', 'national_officer', '0102');
  });
  afterEach(async () => t.close());

  it('shows a district-level reader only the entries and before/after data of their area', async () => {
    const inside = await submit(validAnswer);
    const outside = await submit({ ...validAnswer, commune: '020101', name: 'Far' });
    expect((await t.gql(UPDATE, { id: inside, d: { ...validAnswer, name: 'Dara' } })).errors).toBeUndefined();
    expect((await t.gql(UPDATE, { id: outside, d: { ...validAnswer, commune: '020101', name: 'Farther' } })).errors).toBeUndefined();

    const mine = await log(reader, { entity: 'submission' });
    expect(mine.map((e) => `${e.action}:${e.entityId}`).sort()).toEqual([`submission.create:${inside}`, `submission.update:${inside}`].sort());
    const update = mine.find((e) => e.action === 'submission.update')!;
    expect([update.before?.name, update.after?.name]).toEqual(['Sok', 'Dara']);
    // Looking the outside record up by id finds nothing either.
    expect(await log(reader, { entityId: outside })).toEqual([]);
    // Entries about area-less things stay visible.
    expect((await log(reader, { entity: 'definition' })).map((e) => e.action).sort()).toEqual(['definition.publish', 'definition.save_draft']);
    // A country-wide reader sees everything.
    expect((await log(t.token, { entity: 'submission' })).length).toBe(4);
  });

  it('shows only the side of a move that lies inside the area', async () => {
    const id = await submit(validAnswer);
    expect((await t.gql(UPDATE, { id, d: { ...validAnswer, commune: '020101', name: 'Moved' } })).data.updateSubmission.geoCode).toBe('020101');
    const seen = (await log(reader, { entityId: id })).find((e) => e.action === 'submission.update')!;
    expect(seen.before).toMatchObject({ commune: '010201', name: 'Sok' });
    expect(seen.after).toBeNull();
    const banan = await userWith(t, 'banan-reader', 'national_officer', '0201');
    const there = (await log(banan, { entityId: id })).map((e) => ({ action: e.action, before: e.before, after: e.after?.name ?? null }));
    expect(there).toEqual([{ action: 'submission.update', before: null, after: 'Moved' }]);
  });

  it('limits entries about service providers to their area too', async () => {
    const CREATE = 'mutation($i: ServiceProviderInput!) { createServiceProvider(input: $i) { id } }';
    const near = await t.gql(CREATE, { i: { kind: 'health_centre', code: 'HC-0102', nameKm: 'មណ្ឌល ១', geoCode: '0102', catchment: [] } });
    const far = await t.gql(CREATE, { i: { kind: 'health_centre', code: 'HC-0201', nameKm: 'មណ្ឌល ២', geoCode: '0201', catchment: [] } });
    expect([near.errors, far.errors]).toEqual([undefined, undefined]);
    expect((await log(reader, { entity: 'service_provider' })).map((e) => e.entityId)).toEqual([near.data.createServiceProvider.id]);
  });

  it('backfills the place of entries written before the column existed', async () => {
    const id = await submit(validAnswer);
    await sql`alter table audit_event drop column geo_code, drop column before_geo_code`.execute(t.services.db);
    await addAuditPlace(t.services.db);
    const row = await t.services.db.selectFrom('audit_event').select(['geo_code', 'before_geo_code']).where('entity_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ geo_code: '010201', before_geo_code: null });
    expect((await log(reader, { entityId: id })).map((e) => e.action)).toEqual(['submission.create']);
  });
});
