// Media files in S3-compatible object storage (issue 15.4; decision 320), on every engine, over real
// HTTP against a real S3 server (s3rver, Signature V4): a photo lands on the disk by tus, a sweep
// copies it to the bucket, checks the copy, marks the row and removes the local file; reads (GET
// /media/:id, the zip export) then come from the bucket with the same bytes. A bucket that refuses
// (wrong credentials) loses nothing: the file stays on the disk, readable, and moves on a later
// sweep. Two app instances on one database sweeping at once move each file exactly once.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { zipFiles } from '../../server/core/uploads/zip-order';
import { ADMIN_PASSWORD, createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';
import { startS3Server, type S3Server } from '../helpers/s3-server';
import { jpeg, sha256, upload } from '../helpers/tus-upload';

const engines = await testEngines();
let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.close();
  await closeSharedPglite();
});

const PASSWORD = 'Media-bucket-Pa55word!';
const form = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ទម្រង់រូបថត', en: 'Photo form' },
  'x-order': ['note', 'photo'],
  properties: {
    note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    photo: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថត', en: 'Photo' } },
  },
  required: ['note'],
  additionalProperties: false,
};

describe.each(engines)('media files in object storage on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let dir: string;
  let facilitator: string;
  const env = () => ({ MEDIA_DIR: dir, ...s3.env, MEDIA_S3_PREFIX: `${engine}/${randomUUID()}/`, MEDIA_S3_SWEEP_SECONDS: '1' });
  let settings: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-media-s3-'));
    settings = env();
    t = await createTestApp(engine, settings);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    expect((await t.gql('mutation($s: JSON!) { saveDraft(key: "bucket-form", schema: $s) { version } }', { s: form })).errors).toBeUndefined();
    expect((await t.gql('mutation { publish(key: "bucket-form") { version } }')).errors).toBeUndefined();
    const res = await t.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', { i: { username: 'bucket-fac', password: PASSWORD, displayName: 'F', mustChangePassword: false, grants: [{ role: 'facilitator', scope: '01' }] } });
    expect(res.errors).toBeUndefined();
    facilitator = await login(t.app, 'bucket-fac', PASSWORD);
  });
  afterEach(async () => {
    t.app.server.closeAllConnections();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = async (id: string) => (await t.services.db.selectFrom('media_file').selectAll().where('id', '=', id).executeTakeFirst())!;
  const readBytes = async (id: string) => {
    const res = await fetch(`${base}/media/${id}`, { headers: { authorization: `Bearer ${facilitator}` } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const sendPhoto = async (size: number) => {
    const bytes = jpeg(size);
    const id = randomUUID();
    const sent = await upload(base, facilitator, bytes, { id, form: 'bucket-form', version: '1', field: 'photo', filename: 'p.jpg', sha256: sha256(bytes) });
    expect(sent.error).toBeNull();
    return { id, bytes };
  };
  const key = (id: string) => `${settings.MEDIA_S3_PREFIX}${id}`;

  it('moves a stored photo to the bucket, then reads it from there, in GET /media and the zip export', async () => {
    const { id, bytes } = await sendPhoto(6 * 1024 * 1024 + 17);
    // Stored on the disk first (the test app does not sweep by itself).
    expect([(await row(id)).status, (await row(id)).stored_in]).toEqual(['stored', 'disk']);
    expect(existsSync(join(dir, id))).toBe(true);

    expect(await t.services.mediaOffload!.drain()).toBe(1);
    expect((await row(id)).stored_in).toBe('s3');
    expect(existsSync(join(dir, id))).toBe(false);
    expect(existsSync(join(dir, `${id}.json`))).toBe(false);
    expect(s3.puts.filter((k) => k === key(id))).toHaveLength(1);
    // The bucket's object is the file, byte for byte.
    const object = await t.services.mediaOffload!.store.head(id);
    expect(object).toEqual({ size: bytes.length, sha256: sha256(bytes) });

    const back = await readBytes(id);
    expect([back.status, back.type, sha256(back.bytes)]).toEqual([200, 'image/jpeg', sha256(bytes)]);

    const record = randomUUID();
    const res = await t.gql('mutation($i: SubmitInput!) { submit(input: $i) { id } }', { i: { id: record, definitionKey: 'bucket-form', definitionVersion: 1, geoCode: '01', data: { note: 'ok', photo: id } } }, facilitator);
    expect(res.errors).toBeUndefined();
    const zip = await fetch(`${base}/export/bucket-form.zip?files=1`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(zip.status).toBe(200);
    const files = await zipFiles(Buffer.from(await zip.arrayBuffer()), 64 * 1024 * 1024);
    const photo = files.find((f) => f.name === `media/${id}.jpg`);
    expect(photo && sha256(photo.data)).toBe(sha256(bytes));
  }, 120_000);

  it('keeps the file on the disk, readable, while the bucket refuses, and moves it on a later sweep', async () => {
    const { id, bytes } = await sendPhoto(300_000);
    // An instance whose credentials the bucket refuses, on the same database and folder.
    const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test', ...settings, MEDIA_S3_ACCESS_KEY_ID: 'nobody' });
    const refused: unknown[] = [];
    const other = await buildApp(config, secondInstance(t, engine));
    try {
      const offloader = other.services.mediaOffload!;
      (offloader as unknown as { options: { onError: (e: unknown) => void } }).options.onError = (e) => refused.push(e);
      expect(await offloader.drain()).toBe(0);
    } finally {
      await other.app.close();
    }
    expect((refused[0] as { name?: string }).name).toBe('InvalidAccessKeyId');
    expect((await row(id)).stored_in).toBe('disk');
    expect(existsSync(join(dir, id))).toBe(true);
    expect(sha256((await readBytes(id)).bytes)).toBe(sha256(bytes));
    // Not tried again at once (the lease is the sweep's interval, 1 s here) …
    expect(await t.services.mediaOffload!.drain()).toBe(0);
    await new Promise((r) => setTimeout(r, 1_200));
    // … then moved by an instance the bucket accepts.
    expect(await t.services.mediaOffload!.drain()).toBe(1);
    expect((await row(id)).stored_in).toBe('s3');
    expect(sha256((await readBytes(id)).bytes)).toBe(sha256(bytes));
  }, 120_000);

  it('moves each file exactly once when two instances sweep at the same time', async () => {
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await sendPhoto(50_000 + i));
    const config = loadConfig({ ADMIN_PASSWORD, NODE_ENV: 'test', ...settings });
    const other: BuiltApp = await buildApp(config, secondInstance(t, engine));
    try {
      const [a, b] = await Promise.all([t.services.mediaOffload!.drain(), other.services.mediaOffload!.drain()]);
      expect(a + b).toBe(8);
    } finally {
      await other.app.close();
    }
    for (const { id, bytes } of sent) {
      expect(s3.puts.filter((k) => k === key(id))).toHaveLength(1);
      expect((await row(id)).stored_in).toBe('s3');
      expect(sha256((await readBytes(id)).bytes)).toBe(sha256(bytes));
    }
  }, 120_000);
});

/** A second instance's options: the test app's database (which that app closes), migrated and seeded already. */
function secondInstance(t: TestApp, engine: 'pglite' | 'postgres') {
  return { database: { db: t.services.db, engine, close: async () => undefined }, prepared: t.seeded, logger: false, web: false, indicatorRefresh: false, webhookDelivery: false, mediaOffload: false } as const;
}
