// Media answers (issue 15.4): photos and signatures arrive by tus (the resumable-upload protocol,
// driven here by tus-js-client, the client the fill page uses) over real HTTP, before the record that
// names them. Proven: a 20 MB photo, a file whose bytes are not an image (refused by content, not
// name, and nothing kept), an upload interrupted and resumed from the server's offset, a size over
// the limit refused before any byte, the SHA-256 kept and checked, a record naming a file that was
// never uploaded refused at the answer's path, and files read only by their uploader or by someone
// who may read the record's area.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tus from 'tus-js-client';
import { jpeg, sha256, upload } from '../helpers/tus-upload';
import { createTestApp, login, type TestApp } from '../helpers/app';
import { closeSharedPglite, testEngines } from '../helpers/databases';

const engines = await testEngines();
afterAll(closeSharedPglite);

const PASSWORD = 'Media-upload-Pa55word!';
const MAX = 25 * 1024 * 1024;

const mediaForm = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  'x-kind': 'form',
  'x-title': { km: 'ទម្រង់រូបថត', en: 'Photo form' },
  'x-order': ['note', 'photo', 'signature'],
  properties: {
    note: { type: 'string', 'x-widget': 'text', 'x-label': { km: 'កំណត់ចំណាំ', en: 'Note' } },
    photo: { type: 'string', 'x-widget': 'photo', 'x-label': { km: 'រូបថត', en: 'Photo' } },
    signature: { type: 'string', 'x-widget': 'signature', 'x-label': { km: 'ហត្ថលេខា', en: 'Signature' } },
  },
  required: ['note'],
  additionalProperties: false,
};

describe.each(engines)('media uploads on %s', (engine) => {
  let t: TestApp;
  let base: string;
  let dir: string;
  let facilitator: string;
  let other: string;

  const meta = (id: string, field = 'photo', extra: Record<string, string> = {}) => ({ id, form: 'media-form', version: '1', field, filename: `${field}.jpg`, ...extra });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sa-media-'));
    t = await createTestApp(engine, { MEDIA_DIR: dir, MEDIA_MAX_BYTES: String(MAX) });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    expect((await t.gql('mutation($k: String!, $s: JSON!) { saveDraft(key: $k, schema: $s) { version } }', { k: 'media-form', s: mediaForm })).errors).toBeUndefined();
    expect((await t.gql('mutation { publish(key: "media-form") { version } }')).errors).toBeUndefined();
    for (const [username, scope] of [['media-fac', '01'], ['media-other', '02']] as const) {
      const res = await t.gql('mutation($i: CreateUserInput!) { createUser(input: $i) { username } }', { i: { username, password: PASSWORD, displayName: username, grants: [{ role: 'facilitator', scope }] } });
      expect(res.errors).toBeUndefined();
    }
    // Accounts an admin made must choose their own password before anything else.
    await t.services.db.updateTable('app_user').set({ must_change_password: false }).where('username', 'in', ['media-fac', 'media-other']).execute();
    facilitator = await login(t.app, 'media-fac', PASSWORD);
    other = await login(t.app, 'media-other', PASSWORD);
  });
  afterEach(async () => {
    // tus-js-client's keep-alive sockets would hold the app's close until they time out.
    t.app.server.closeAllConnections();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = async (id: string) => (await t.services.db.selectFrom('media_file').selectAll().where('id', '=', id).executeTakeFirst())!;
  const read = (id: string, token: string) => fetch(`${base}/media/${id}`, { headers: { authorization: `Bearer ${token}` } });
  /** The status of a read, its body consumed (an unread body keeps the connection, and the app's close, waiting). */
  const readStatus = async (id: string, token: string) => {
    const res = await read(id, token);
    await res.arrayBuffer();
    return res.status;
  };
  const submit = (id: string, data: Record<string, unknown>, token = facilitator) =>
    t.gql('mutation($input: SubmitInput!) { submit(input: $input) { id } }', { input: { id, definitionKey: 'media-form', definitionVersion: 1, geoCode: '01', data } }, token);

  it('stores a 20 MB photo by its bytes and checksum, and a record that names it links it', async () => {
    const bytes = jpeg(20 * 1024 * 1024);
    const id = randomUUID();
    const sent = await upload(base, facilitator, bytes, meta(id, 'photo', { sha256: sha256(bytes) }));
    expect(sent.error).toBeNull();
    const stored = await row(id);
    expect([stored.status, stored.content_type, Number(stored.size), stored.sha256, stored.field, stored.kind]).toEqual(['stored', 'image/jpeg', bytes.length, sha256(bytes), 'photo', 'photo']);
    const back = await read(id, facilitator);
    expect(back.status).toBe(200);
    expect(back.headers.get('content-type')).toBe('image/jpeg');
    expect(back.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(Buffer.from(await back.arrayBuffer()))).toBe(sha256(bytes));

    const record = randomUUID();
    const res = await submit(record, { note: 'ok', photo: id });
    expect(res.errors).toBeUndefined();
    expect((await row(id)).submission_id).toBe(record);
    // Now the record's area decides: a facilitator of another province cannot read it; the admin can.
    expect(await readStatus(id, other)).toBe(404);
    expect(await readStatus(id, t.token)).toBe(200);
    // The same file cannot answer another record.
    const again = await submit(randomUUID(), { note: 'copy', photo: id });
    expect(again.errors?.[0]?.extensions.code).toBe('MEDIA_NOT_UPLOADED');
    expect(again.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['photo:media']);
  }, 180_000);

  it('refuses a file whose bytes are not an image, whatever its name, and keeps nothing', async () => {
    const id = randomUUID();
    const html = Buffer.from('<html><script>alert(1)</script></html>'.repeat(100));
    const sent = await upload(base, facilitator, html, meta(id));
    expect(sent.error?.originalResponse?.getStatus()).toBe(415);
    expect(JSON.parse(sent.error!.originalResponse!.getBody()).code).toBe('MEDIA_TYPE_REFUSED');
    expect((await row(id)).status).toBe('refused');
    expect(existsSync(join(dir, id))).toBe(false);
    expect(await readStatus(id, facilitator)).toBe(404);
    const res = await submit(randomUUID(), { note: 'x', photo: id });
    expect(res.errors?.[0]?.extensions.code).toBe('MEDIA_NOT_UPLOADED');
  });

  it('resumes an interrupted upload from the offset the server holds', async () => {
    const bytes = jpeg(6 * 1024 * 1024);
    const id = randomUUID();
    let url = '';
    await new Promise<void>((resolve) => {
      const first = new tus.Upload(bytes, {
        endpoint: `${base}/media/uploads`,
        headers: { authorization: `Bearer ${facilitator}` },
        metadata: meta(id),
        chunkSize: 1024 * 1024,
        retryDelays: [],
        onChunkComplete: (_chunk, accepted) => {
          if (accepted >= 2 * 1024 * 1024) {
            url = first.url!;
            void first.abort().then(() => resolve());
          }
        },
        onError: () => resolve(),
      });
      first.start();
    });
    expect(url).toContain(`/media/uploads/${id}`);
    const head = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${facilitator}`, 'tus-resumable': '1.0.0' } });
    const offset = Number(head.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(offset).toBeLessThan(bytes.length);
    expect((await row(id)).status).toBe('uploading');
    // Someone else cannot continue (or even see) it.
    const stranger = await fetch(url, { method: 'HEAD', headers: { authorization: `Bearer ${other}`, 'tus-resumable': '1.0.0' } });
    expect(stranger.status).toBe(404);
    let firstOffset = -1;
    const resumed = await upload(base, facilitator, bytes, meta(id), {
      uploadUrl: url,
      onProgress: (sentBytes) => {
        if (firstOffset < 0) firstOffset = sentBytes;
      },
    });
    expect(resumed.error).toBeNull();
    expect(firstOffset).toBeGreaterThanOrEqual(offset);
    const stored = await row(id);
    expect([stored.status, stored.sha256]).toEqual(['stored', sha256(bytes)]);
  });

  it('refuses an announced size over the limit before any byte, a wrong checksum, and callers without a session', async () => {
    const big = await fetch(`${base}/media/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${facilitator}`, 'tus-resumable': '1.0.0', 'upload-length': String(MAX + 1), 'upload-metadata': `id ${Buffer.from(randomUUID()).toString('base64')}` },
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { code: string }).code).toBe('MEDIA_TOO_LARGE');

    const id = randomUUID();
    const bytes = jpeg(64 * 1024);
    const wrong = await upload(base, facilitator, bytes, meta(id, 'signature', { sha256: sha256(Buffer.from('other')) }));
    expect(JSON.parse(wrong.error!.originalResponse!.getBody()).code).toBe('MEDIA_CHECKSUM_MISMATCH');
    expect((await row(id)).status).toBe('refused');
    // The phone sends it again under the same id, and this time it arrives whole.
    const retry = await upload(base, facilitator, bytes, meta(id, 'signature', { sha256: sha256(bytes) }));
    expect(retry.error).toBeNull();
    expect((await row(id)).status).toBe('stored');

    const anonymous = await fetch(`${base}/media/uploads`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    const noQuestion = await upload(base, facilitator, bytes, meta(randomUUID(), 'note'));
    expect(JSON.parse(noQuestion.error!.originalResponse!.getBody()).code).toBe('MEDIA_BAD_UPLOAD');
  });

  it('refuses a record naming a file never uploaded, at the answer\'s path', async () => {
    const res = await submit(randomUUID(), { note: 'x', photo: randomUUID(), signature: 'not-a-uuid' });
    expect(res.errors?.[0]?.extensions.code).toBe('MEDIA_NOT_UPLOADED');
    expect(res.errors?.[0]?.extensions.errors?.map((e) => `${e.path}:${e.keyword}`)).toEqual(['photo:media', 'signature:media']);
    expect(Number((await t.services.db.selectFrom('submission').select((eb) => eb.fn.countAll().as('n')).where('definition_key', '=', 'media-form').executeTakeFirst())!.n)).toBe(0);
  });
});
